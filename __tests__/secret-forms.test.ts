import { base64Cores, literalForms, urlEncodedPattern } from '../src/secret-forms.js'

const key = 'kid_7Qm2:secret/Val+ue=9~x'
const base64 = (text: string): string => Buffer.from(text).toString('base64')

describe('literalForms', () => {
  it('lists the key as typed, trimmed, URL-encoded, form-encoded, hex and base64', () => {
    const forms = literalForms(` ${key} `)
    expect(forms).toEqual(
      expect.arrayContaining([
        ` ${key} `,
        key,
        encodeURIComponent(` ${key} `),
        '+kid_7Qm2%3Asecret%2FVal%2Bue%3D9%7Ex+',
        base64(` ${key} `),
        base64(`Bearer  ${key} `)
      ])
    )
    expect(literalForms(key)).toEqual(
      expect.arrayContaining([
        base64(key),
        base64(`Bearer ${key}`),
        base64(key).replace(/=+$/, ''),
        Buffer.from(key).toString('base64url'),
        Buffer.from(key).toString('hex'),
        Buffer.from(key).toString('hex').toUpperCase()
      ])
    )
  })

  it('lists the longest first and leaves out forms short enough to match ordinary words', () => {
    const forms = literalForms(key)
    expect(forms).toEqual([...forms].sort((a, b) => b.length - a.length))
    expect(literalForms('abc').every(form => form.length >= 8)).toBe(true)
    expect(literalForms('abc')).not.toContain('abc')
  })
})

describe('base64Cores', () => {
  it.each([0, 1, 2, 3, 4, 5, 7])(
    'finds the key inside the base64 of a longer text, %i bytes in',
    offset => {
      const text = `${'p'.repeat(offset)}${key}"}`
      const encoded = base64(text)
      expect(base64Cores(key).some(core => encoded.includes(core))).toBe(true)
      expect(base64Cores(key).every(core => core.length >= (4 * key.length) / 3 - 3)).toBe(true)
    }
  )
})

describe('urlEncodedPattern', () => {
  const pattern = new RegExp(`^${urlEncodedPattern('a b:c')}$`)

  it.each(['a b:c', 'a+b:c', 'a%20b%3Ac', 'a%20b%3ac', '%61%20%62%3A%63', 'a%2520b%253Ac'])(
    'matches %s',
    text => expect(pattern.test(text)).toBe(true)
  )

  it.each(['a b;c', 'a%20b%3Bc', 'ab:c', 'a  b:c'])('does not match %s', text =>
    expect(pattern.test(text)).toBe(false)
  )
})
