import { base64Cores, echoedPattern, literalForms, splitPattern } from '../src/core/secret-forms.js'

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

describe('echoedPattern', () => {
  const pattern = new RegExp(`^${echoedPattern('a b:c/')}$`, 'i')

  it.each([
    'a b:c/',
    'A B:C/',
    'a+b:c/',
    'a%20b%3Ac%2F',
    'a%20b%3ac%2f',
    '%61%20%62%3A%63%2F',
    'a%2520b%253Ac%252F',
    'a%252520b:c/',
    'a b:c\\/',
    'a b:c\\\\\\/',
    '\\u0061\\u0020b\\u003ac/',
    '\\x61 b:c\\x2f',
    '&#97;&#32;&#98;&#58;&#99;&#47;',
    '&#x61;&#x20;b&#x3A;c&#x002F;',
    'a b:c&amp;#47;',
    'a b: c/',
    'a  b:c/'
  ])('matches %s', text => expect(pattern.test(text)).toBe(true))

  it.each(['a b;c/', 'a%20b%3Bc/', 'ab:c/', 'a    b:c/', 'a b:c', 'a b:c\\', '&#97 b:c/'])(
    'does not match %s',
    text => expect(pattern.test(text)).toBe(false)
  )

  it('repeats nothing without a bound, so a long run of "\\" or "%25" cannot make it quadratic', () => {
    // Escaped characters (\\+, \\*) are literals; what is left must hold no *, + or {n,}.
    const quantifiers = echoedPattern('k&y/+ %\\').replace(/\\./g, '')
    expect(quantifiers).not.toMatch(/[*+]|\{\d+,\}/)
  })

  it('names HTML entities for the characters escapers name', () => {
    const ampersand = new RegExp(`^${echoedPattern('a&b')}$`, 'i')
    expect(ampersand.test('a&amp;b')).toBe(true)
    expect(ampersand.test('a&amp;amp;b')).toBe(true)
    expect(ampersand.test('a&lt;b')).toBe(false)
  })
})

describe('splitPattern', () => {
  const pattern = new RegExp(`^${splitPattern('6b69645f')}$`, 'i')

  it.each(['6b69645f', '6B69645F', '6b:69:64:5f', '6b 69 64 5f', '6b69-645f'])('matches %s', text =>
    expect(pattern.test(text)).toBe(true)
  )

  it.each(['6b69645e', '6b  69645f', '6b69_645f'])('does not match %s', text =>
    expect(pattern.test(text)).toBe(false)
  )
})
