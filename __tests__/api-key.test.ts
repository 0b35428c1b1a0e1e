import { jest } from '@jest/globals'
import * as core from './fixtures/core.js'
import { inputError, INPUT } from './fixtures/messages.js'

jest.unstable_mockModule('@actions/core', () => core)
const { maskApiKey, MIN_API_KEY_LENGTH, parseApiKey } = await import('../src/action/api-key.js')
const { InputError } = await import('../src/action/inputs.js')
const { clip } = await import('../src/core/redact.js')
const { MAX_SECRET_LENGTH, MIN_SECRET_FORM_LENGTH } = await import('../src/core/secret-forms.js')

beforeEach(() => jest.clearAllMocks())

function refusal(key: string): InstanceType<typeof InputError> {
  try {
    parseApiKey(key)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('parseApiKey', () => {
  it.each([
    'abcdefghijklmn:123456a1b1234b',
    'dnx_live_' + 'x'.repeat(MIN_API_KEY_LENGTH - 9),
    "!#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
    'k'.repeat(MAX_SECRET_LENGTH)
  ])('accepts the api-key %j, trimmed', key => {
    expect(parseApiKey(` ${key} `)).toBe(key)
  })

  it.each(['', '   '])('refuses an empty or blank key (%j), saying to pass a secret', key => {
    const error = refusal(key)
    expect(error.input).toBe('api-key')
    expect(error.message).toBe(inputError('api-key', INPUT.apiKeyEmpty))
  })

  it('never echoes the key in its error', () => {
    const error = refusal('dnx_live_secret\nsecond')
    expect(error.message).toBe(inputError('api-key', INPUT.apiKeyLines))
    expect(error.message).not.toContain('dnx_live_secret')
  })

  // Each of these cannot go in an HTTP header as is; sent, it failed as a network error.
  it.each([
    ['Cyrillic letters', 'dnx_live_ключ1234567890'],
    ['an inner space', 'dnx_live_abc 1234567890'],
    ['a tab', 'dnx_live_abc\t1234567890'],
    ['a control character', 'dnx_live_abc\u00071234567890'],
    ['a non-breaking space', 'dnx_live_abc\u00a01234567890'],
    ['a zero-width space', 'dnx_live_abc\u200b1234567890']
  ])('refuses a key with %s, without showing it', (_what, key) => {
    const error = refusal(key)
    expect(error.message).toBe(inputError('api-key', INPUT.apiKeyChars))
    expect(error.message).not.toContain('1234567890')
  })

  it.each(['a', 'dnx_live_abc', 'x'.repeat(MIN_API_KEY_LENGTH - 1)])(
    'refuses the too-short key %j, without showing it',
    key => {
      expect(refusal(key).message).toBe(
        inputError('api-key', INPUT.apiKeyShort(MIN_API_KEY_LENGTH))
      )
    }
  )

  it.each(['abcdefghijklmnop:1234567', 'dnx_live_0123456789:abc', 'abcdefghijklmnop:'])(
    'refuses the key %j, whose secret part is too short to mask, without showing it',
    key => {
      expect(refusal(key).message).toBe(
        inputError('api-key', INPUT.apiKeySecretShort(MIN_SECRET_FORM_LENGTH))
      )
    }
  )

  it('refuses a key longer than any DialNexa key, without showing it', () => {
    expect(refusal(`dnx_live_${'x'.repeat(MAX_SECRET_LENGTH)}`).message).toBe(
      inputError('api-key', INPUT.apiKeyLong(MAX_SECRET_LENGTH))
    )
  })
})

describe('maskApiKey', () => {
  it('masks the key as typed and in every form a server may echo, and registers it', () => {
    const typed = ' dnx_test_mask_me_0123456789 '
    core.getInput.mockImplementation(name => (name === 'api-key' ? typed : ''))
    expect(maskApiKey()).toBe(typed)
    expect(core.getInput).toHaveBeenCalledWith('api-key', { trimWhitespace: false })
    const masked = core.setSecret.mock.calls.map(([form]) => form)
    expect(masked).toEqual(
      expect.arrayContaining([
        typed,
        typed.trim(),
        Buffer.from(typed.trim()).toString('base64'),
        Buffer.from(`Bearer ${typed.trim()}`).toString('base64')
      ])
    )
    // Registered for redaction: the gate removes it wherever text leaves.
    expect(clip(`said ${typed.trim()}`)).toBe('said ***')
  })
})
