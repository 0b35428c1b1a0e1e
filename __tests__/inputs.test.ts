import {
  DEFAULTS,
  InputError,
  MAX_RETRIES_CAP,
  MAX_API_KEY_LENGTH,
  MIN_API_KEY_LENGTH
} from '../src/action/inputs.js'
import { readSettings } from '../src/action/settings.js'

const valid: Record<string, string> = {
  'workflow-id': 'wfl_m3v7zb9rk2px',
  'api-key': 'abcdefghijklmn:123456a1b1234b'
}

function settingsWith(overrides: Record<string, string>) {
  const inputs = { ...valid, ...overrides }
  return readSettings(name => inputs[name] ?? '')
}

function inputErrorOf(overrides: Record<string, string>): InputError {
  try {
    settingsWith(overrides)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('readSettings', () => {
  it('applies the documented defaults', () => {
    expect(settingsWith({})).toEqual({
      workflowIds: ['wfl_m3v7zb9rk2px'],
      apiKey: 'abcdefghijklmn:123456a1b1234b',
      apiUrl: 'https://api.dialnexa.com/v1',
      waitForPaused: false,
      pollIntervalMs: 10_000,
      waitTimeoutMs: 600_000,
      ignoreConflict: false,
      maxRetries: 3,
      requestTimeoutMs: 30_000,
      maxParallel: 4
    })
  })

  it('returns a frozen object', () => {
    expect(Object.isFrozen(settingsWith({}))).toBe(true)
  })

  it('reads every input', () => {
    const s = settingsWith({
      'api-url': 'https://eu.api.dialnexa.com/v1/',
      'wait-for-paused': 'True',
      'poll-interval': '0.5',
      'wait-timeout': '0',
      'ignore-conflict': 'TRUE',
      'max-retries': '0',
      'request-timeout': '2.25'
    })
    expect(s).toMatchObject({
      apiUrl: 'https://eu.api.dialnexa.com/v1',
      waitForPaused: true,
      pollIntervalMs: 500,
      waitTimeoutMs: 0,
      ignoreConflict: true,
      maxRetries: 0,
      requestTimeoutMs: 2250
    })
  })

  it.each(['wf_abc123', 'WFL-1', 'a', 'x'.repeat(128)])('accepts workflow-id %s', id => {
    expect(settingsWith({ 'workflow-id': id }).workflowIds).toEqual([id])
  })

  it('reads a list separated by newlines or commas, trimmed, without blanks or repeats', () => {
    expect(settingsWith({ 'workflow-id': 'wfl_a\n  wfl_b \n\nwfl_a\n' }).workflowIds).toEqual([
      'wfl_a',
      'wfl_b'
    ])
    expect(settingsWith({ 'workflow-id': 'wfl_a, wfl_b,,wfl_c ,' }).workflowIds).toEqual([
      'wfl_a',
      'wfl_b',
      'wfl_c'
    ])
    expect(settingsWith({ 'workflow-id': 'wfl_a,\nwfl_b' }).workflowIds).toEqual(['wfl_a', 'wfl_b'])
  })

  it('names the one bad ID in a list', () => {
    const error = inputErrorOf({ 'workflow-id': 'wfl_a\nwfl b\nwfl_c' })
    expect(error.message).toContain('"wfl b" is not')
  })

  it('requires at least one ID', () => {
    expect(inputErrorOf({ 'workflow-id': ' ,\n, ' }).message).toMatch(
      /^Input 'workflow-id' is required/
    )
  })

  it.each(['0', '21', '2.5', 'four'])('rejects max-parallel %s', value => {
    expect(inputErrorOf({ 'max-parallel': value }).message).toContain('whole number from 1 to 20')
  })

  it.each(['../api-keys', 'wfl/1', 'wfl%2F1', 'wfl 1', 'wfl\t1', 'x'.repeat(129), 'wfl_ä'])(
    'rejects workflow-id %j naming the input and the form',
    id => {
      const error = inputErrorOf({ 'workflow-id': id })
      expect(error.input).toBe('workflow-id')
      expect(error.message).toMatch(/^Input 'workflow-id' must be 1 to 128 characters from A-Z/)
    }
  )

  it('rejects an empty or whitespace api-key', () => {
    for (const key of ['', '   ']) {
      const error = inputErrorOf({ 'api-key': key })
      expect(error.input).toBe('api-key')
      expect(error.message).toContain('secrets.')
    }
  })

  it('never echoes the api-key in its error', () => {
    const error = inputErrorOf({ 'api-key': 'dnx_live_secret\nsecond' })
    expect(error.input).toBe('api-key')
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
  ])('rejects an api-key with %s, without showing it', (_what, key) => {
    const error = inputErrorOf({ 'api-key': key })
    expect(error.input).toBe('api-key')
    expect(error.message).toMatch(/^Input 'api-key' must hold only visible ASCII characters/)
    expect(error.message).not.toContain('1234567890')
    expect(error.message).not.toContain('dnx_live')
  })

  it.each(['a', 'dnx_live_abc', 'x'.repeat(MIN_API_KEY_LENGTH - 1)])(
    'rejects the too-short api-key %j, without showing it',
    key => {
      const error = inputErrorOf({ 'api-key': key })
      expect(error.message).toBe(
        `Input 'api-key' is shorter than ${MIN_API_KEY_LENGTH} characters, so it cannot be a whole DialNexa API key; check that the secret holds the complete key.`
      )
    }
  )

  it.each(['abcdefghijklmnop:1234567', 'dnx_live_0123456789:abc', 'abcdefghijklmnop:'])(
    'rejects the api-key %j, whose secret part is too short to mask, without showing it',
    key => {
      const error = inputErrorOf({ 'api-key': key })
      expect(error.message).toBe(
        "Input 'api-key' has fewer than 8 characters after its first ':', so its secret part is too short to be a whole DialNexa key secret or to be masked safely; check that the secret holds the complete key."
      )
    }
  )

  it('rejects an api-key longer than any DialNexa key, without showing it', () => {
    const error = inputErrorOf({ 'api-key': `dnx_live_${'x'.repeat(MAX_API_KEY_LENGTH)}` })
    expect(error.message).toBe(
      `Input 'api-key' is longer than ${MAX_API_KEY_LENGTH} characters, far longer than a DialNexa API key; check that the secret holds the key and nothing else.`
    )
    expect(settingsWith({ 'api-key': 'k'.repeat(MAX_API_KEY_LENGTH) }).apiKey).toHaveLength(
      MAX_API_KEY_LENGTH
    )
  })

  it.each([
    'abcdefghijklmn:123456a1b1234b',
    'dnx_live_' + 'x'.repeat(MIN_API_KEY_LENGTH - 9),
    "!#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
  ])('accepts the api-key %j', key => {
    expect(settingsWith({ 'api-key': ` ${key} ` }).apiKey).toBe(key)
  })

  it.each([
    ['http://localhost:8080/v1', 'http://localhost:8080/v1'],
    ['http://127.0.0.1:3000/v1/', 'http://127.0.0.1:3000/v1'],
    ['http://127.12.0.9/', 'http://127.12.0.9'],
    ['https://api.dialnexa.com/v1//', 'https://api.dialnexa.com/v1']
  ])('accepts api-url %s', (url, expected) => {
    expect(settingsWith({ 'api-url': url }).apiUrl).toBe(expected)
  })

  it.each([
    'http://api.dialnexa.com/v1',
    'http://10.0.0.5/v1',
    'http://localhost.evil.com/v1',
    'http://128.0.0.1/v1',
    'ftp://api.dialnexa.com',
    'api.dialnexa.com/v1',
    'https://user:pass@api.dialnexa.com/v1',
    'https://api.dialnexa.com/v1?x=1',
    'https://api.dialnexa.com/v1?',
    'https://api.dialnexa.com/v1#',
    'https://api.dialnexa.com/v1/?#',
    'https://@api.dialnexa.com/v1',
    'https://:@api.dialnexa.com/v1',
    'not a url'
  ])('rejects api-url %s', url => {
    const error = inputErrorOf({ 'api-url': url })
    expect(error.input).toBe('api-url')
    expect(error.message).toContain('absolute https URL')
  })

  // A URL parser drops tabs and line breaks and encodes spaces, so each of these would be sent
  // as another address than the one written: two URLs run together, a host joined up.
  it.each([
    'https://api.dialnexa.com/v1\nhttps://eu.api.dialnexa.com/v1',
    'https://api.dialnexa.com/v1\r\nx',
    'https://api.dia\tlnexa.com/v1',
    'https://api.dialnexa.com/v 1',
    'https://api.dialnexa.com/v1\u0000'
  ])('rejects api-url %j, with a space, tab, line break or control character inside', url => {
    const error = inputErrorOf({ 'api-url': url })
    expect(error.input).toBe('api-url')
    expect(error.message).toBe(
      "Input 'api-url' must be one absolute https URL such as https://api.dialnexa.com/v1, without spaces, tabs or line breaks."
    )
  })

  it.each(['http://[::1]:9000/v1', 'https://[2001:db8::1]/v1', 'http://[::ffff:127.0.0.1]/v1'])(
    'refuses the IPv6 api-url %s up front, saying what to use instead',
    url => {
      const error = inputErrorOf({ 'api-url': url })
      expect(error.input).toBe('api-url')
      expect(error.message).toContain('an IPv6 address such as [::1] is not supported')
      expect(error.message).toContain('localhost')
    }
  )

  it.each(['yes', '1', 'on', 'tRue'])('rejects boolean %s like getBooleanInput', value => {
    for (const name of ['wait-for-paused', 'ignore-conflict']) {
      const error = inputErrorOf({ [name]: value })
      expect(error.message).toBe(`Input '${name}' must be true or false (got "${value}").`)
    }
  })

  it.each(['0', '-1', 'abc', 'NaN', 'Infinity', '1e3', '10s', ' '.repeat(0) + '1..2'])(
    'rejects poll-interval %j',
    value => {
      const error = inputErrorOf({ 'poll-interval': value })
      expect(error.input).toBe('poll-interval')
      expect(error.message).toContain('greater than 0')
    }
  )

  it('accepts wait-timeout 0 but not a negative one', () => {
    expect(settingsWith({ 'wait-timeout': '0' }).waitTimeoutMs).toBe(0)
    expect(inputErrorOf({ 'wait-timeout': '-5' }).message).toContain('zero or more')
  })

  it('rejects request-timeout 0', () => {
    expect(inputErrorOf({ 'request-timeout': '0' }).input).toBe('request-timeout')
  })

  it.each(['1.5', '-1', String(MAX_RETRIES_CAP + 1), 'three'])('rejects max-retries %s', value => {
    const error = inputErrorOf({ 'max-retries': value })
    expect(error.message).toContain(`whole number from 0 to ${MAX_RETRIES_CAP}`)
  })

  it('treats empty optional inputs as their defaults', () => {
    const empty = Object.fromEntries(Object.keys(DEFAULTS).map(name => [name, '']))
    expect(settingsWith(empty).pollIntervalMs).toBe(10_000)
  })

  it('clips a long bad value in the message', () => {
    const error = inputErrorOf({ 'poll-interval': 'x'.repeat(500) })
    expect(error.message.length).toBeLessThan(200)
  })
})
