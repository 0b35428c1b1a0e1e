import { clip, registerSecret, wrapUntrusted } from '../src/core/redact.js'

describe('clip', () => {
  it('turns control characters and line breaks into spaces', () => {
    expect(clip('a\nb\r\nc\u0007d\u2028e')).toBe('a b c d e')
  })

  it('caps the length', () => {
    expect(clip('x'.repeat(1000), 10)).toBe(`${'x'.repeat(10)}…`)
  })

  it('removes registered secrets', () => {
    registerSecret('dnx_live_TOPSECRET')
    expect(clip('bad key dnx_live_TOPSECRET here')).toBe('bad key *** here')
  })
})

describe('registerSecret', () => {
  it('also registers the secret of a <key-id>:<secret> key, which a server may echo alone', () => {
    const masked = registerSecret('abcdefghijklmn:123456a1b1234b')
    expect(masked).toEqual(
      expect.arrayContaining([
        'abcdefghijklmn:123456a1b1234b',
        '123456a1b1234b',
        Buffer.from('123456a1b1234b').toString('base64')
      ])
    )
    // The key ID alone names the key, as a workflow ID names a workflow: it stays readable.
    expect(masked).not.toContain('abcdefghijklmn')
    expect(clip('secret 123456a1b1234b is wrong for key abcdefghijklmn')).toBe(
      'secret *** is wrong for key abcdefghijklmn'
    )
  })

  it('leaves a secret part too short to mask safely to the whole key', () => {
    expect(registerSecret('dnx_live_0123456789:abc')).not.toContain('abc')
    expect(clip('abc and active')).toBe('abc and active')
  })
})

describe('wrapUntrusted', () => {
  it('brackets the lines with stop-commands and the matching end token', () => {
    expect(wrapUntrusted(['::set-output name=a::b'], 'tok123456789')).toBe(
      '::stop-commands::tok123456789\n::set-output name=a::b\n::tok123456789::'
    )
  })

  it('uses a fresh, unguessable token each time', () => {
    const first = wrapUntrusted(['x']).split('\n')[0]
    const second = wrapUntrusted(['x']).split('\n')[0]
    expect(first).not.toBe(second)
    expect(first).toMatch(/^::stop-commands::[0-9a-f]{32}$/)
  })
})

describe('clip, the one gate for server text', () => {
  const key = 'kid_7Qm2:secret/Val+ue=9~x'
  const encoded = (text: string, encoding: BufferEncoding): string =>
    Buffer.from(text).toString(encoding)
  let masked: string[]
  beforeAll(() => {
    masked = registerSecret(key)
  })

  it('returns the exact forms to mask with core.setSecret', () => {
    expect(masked).toEqual(
      expect.arrayContaining([
        key,
        encodeURIComponent(key),
        encoded(key, 'base64'),
        encoded(`Bearer ${key}`, 'base64')
      ])
    )
  })

  it.each([
    ['as typed', key],
    ['URL-encoded', encodeURIComponent(key)],
    [
      'URL-encoded in lower-case hex',
      encodeURIComponent(key).replace(/%[0-9A-F]{2}/g, hex => hex.toLowerCase())
    ],
    ['form-encoded', new URLSearchParams({ k: key }).toString().slice(2)],
    [
      'with every character encoded',
      [...encoded(key, 'hex').matchAll(/../g)].map(([h]) => `%${h}`).join('')
    ],
    ['URL-encoded twice', encodeURIComponent(encodeURIComponent(key))],
    ['in base64', encoded(key, 'base64')],
    ['in base64 without padding', encoded(key, 'base64').replace(/=+$/, '')],
    ['in base64url', encoded(key, 'base64url')],
    ['as "Bearer <key>" in base64', encoded(`Bearer ${key}`, 'base64')],
    ['in hex', encoded(key, 'hex')]
  ])('redacts the key %s', (_how, form) => {
    expect(clip(`rejected credentials [${form}] for this workspace`)).toBe(
      'rejected credentials [***] for this workspace'
    )
  })

  const hexPairs = (text: string): string[] =>
    [...encoded(text, 'hex').matchAll(/../g)].map(([h]) => h)
  const codes = (text: string): number[] => [...text].map(c => c.charCodeAt(0))

  // A server echoes what it got reformatted: another case, escaped for JSON or HTML, wrapped
  // to a line width. A reader can still copy the key out of each of these.
  it.each([
    ['upper-cased', key.toUpperCase()],
    ['lower-cased', key.toLowerCase()],
    ['with "/" escaped as JSON does it', key.replace(/\//g, '\\/')],
    ['JSON-escaped twice', key.replace(/\//g, '\\\\\\/')],
    [
      'as JSON \\u escapes',
      codes(key)
        .map(c => `\\u${c.toString(16).padStart(4, '0')}`)
        .join('')
    ],
    [
      'as \\x escapes',
      hexPairs(key)
        .map(h => `\\x${h}`)
        .join('')
    ],
    [
      'as HTML decimal entities',
      codes(key)
        .map(c => `&#${c};`)
        .join('')
    ],
    [
      'as HTML hex entities',
      codes(key)
        .map(c => `&#x${c.toString(16).toUpperCase()};`)
        .join('')
    ],
    ['with its punctuation HTML-escaped', key.replace(/\//g, '&#x2F;').replace(/\+/g, '&#43;')],
    ['URL-encoded three times', encodeURIComponent(encodeURIComponent(encodeURIComponent(key)))],
    ['wrapped onto two lines', `${key.slice(0, 11)}\n${key.slice(11)}`],
    ['split by a tab', `${key.slice(0, 5)}\t${key.slice(5)}`],
    ['split by a no-break space', `${key.slice(0, 7)}\u00a0${key.slice(7)}`],
    ['in hex of mixed case', encoded(key, 'hex').replace(/[a-f]/, c => c.toUpperCase())],
    ['in hex with separators', hexPairs(key).join(':')],
    ['in hex with spaces', hexPairs(key).join(' ')],
    [
      'in base64 wrapped every 16 characters',
      encoded(`Bearer ${key}`, 'base64').replace(/(.{16})/g, '$1\n')
    ]
  ])('redacts the key %s', (_how, form) => {
    expect(clip(`rejected credentials [${form}] for this workspace`)).toBe(
      'rejected credentials [***] for this workspace'
    )
  })

  it('leaves text alone that only resembles the key', () => {
    // Near misses of its secret part: that part alone is a secret too (see registerSecret).
    const nearly = `${key.slice(0, -1)}#`
    const cut = key.slice(0, -1)
    expect(clip(`key ${nearly} and ${cut}`)).toBe(`key ${nearly} and ${cut}`)
  })

  it.each([0, 1, 2, 5])('redacts the key inside a longer base64 text, %i bytes in', offset => {
    const blob = encoded(`{"pad":"${'x'.repeat(offset)}","authorization":"${key}"}`, 'base64')
    const shown = clip(`token ${blob}`)
    expect(shown).toContain('***')
    // Whatever is left either side decodes to no run of 6 characters of the key.
    for (const piece of shown.replace('token ', '').split('***')) {
      for (let start = 0; start < 4; start++) {
        const decoded = Buffer.from(piece.slice(start), 'base64').toString('latin1')
        for (let i = 0; i + 6 <= key.length; i++) {
          expect(decoded).not.toContain(key.slice(i, i + 6))
        }
      }
    }
  })

  it.each([
    ['a tab where a space was', 'team key\t0123456789abcdef'],
    ['a BEL where a space was', 'team key\u00070123456789abcdef'],
    ['a line break and spaces', 'team key \r\n 0123456789abcdef'],
    ['a zero-width space inside', 'team\u200b key 0123456789abcdef'],
    ['a bidi override inside', 'team key 0123\u202e456789abcdef'],
    ['a colour escape inside', 'team key 0123\u001b[31m456789abcdef']
  ])('normalises before it redacts: a key echoed with %s is still redacted', (_how, echo) => {
    registerSecret('team key 0123456789abcdef')
    expect(clip(`name: ${echo}!`)).toBe('name: ***!')
  })

  it('removes terminal escapes whole, not only their ESC character', () => {
    expect(
      clip(
        '\u001b[1;31mred\u001b[0m \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 \u009b2Jz'
      )
    ).toBe('red link z')
  })

  it('bounds a million characters, however the length is reached', () => {
    const shown = clip(`${key}${'x'.repeat(1_000_000)}`)
    expect(shown).toBe(`***${'x'.repeat(297)}…`)
    expect(clip('\u200b'.repeat(1_000_000))).toBe('')
  })

  it('redacts a key that starts inside the line, even when the text runs on for a megabyte', () => {
    const tail = 'y'.repeat(1_000_000)
    expect(clip(`${'x'.repeat(290)}${key}${tail}`)).toBe(`${'x'.repeat(290)}***${'y'.repeat(7)}…`)
    // Encoded forms are longer than the key: the window must still hold them whole.
    const encoded = encodeURIComponent(encodeURIComponent(key))
    expect(clip(`${'x'.repeat(299)}${encoded}${tail}`)).toBe(`${'x'.repeat(299)}*…`)
  })

  it('never shows part of a key that the line cuts off', () => {
    for (let at = 280; at < 310; at++) {
      const shown = clip(`${'x'.repeat(at)}${key} and more text after it`)
      expect(shown).not.toContain(key.slice(0, 8))
    }
  })

  it('gives the same text when applied twice', () => {
    const once = clip(`${'x'.repeat(400)} ™ ﬁ`)
    expect(clip(once)).toBe(once)
  })

  it('never cuts a character in two', () => {
    expect(clip(`${'a'.repeat(9)}😀`, 10)).toBe(`${'a'.repeat(9)}…`)
  })

  it('masks a secret too long to redact by pattern, and the gate still works', () => {
    const long = `${'k'.repeat(20_000)}Z`
    expect(registerSecret(long)).toContain(long)
    expect(clip('status: active')).toBe('status: active')
  })

  it('ignores a secret too short to mask safely', () => {
    expect(registerSecret('abc')).toEqual([])
    expect(clip('abcdef abc')).toBe('abcdef abc')
  })
})

// Text without %, \, & or + skips the pattern unless a cheap test finds a form in it: that test
// must never clear text that holds one, whatever its case or separators.
describe('clip, for a key of letters, digits and underscores', () => {
  const key = 'dnx_live_Q7mB2xK9pL4vT8wR'
  const hex = Buffer.from(key).toString('hex')
  beforeAll(() => registerSecret(key))

  it.each([
    ['as typed', key],
    ['upper-cased', key.toUpperCase()],
    ['split by spaces', key.replace(/(.{4})/g, '$1 ')],
    ['split by a colon and a dash', `${key.slice(0, 5)}:${key.slice(5, 12)}-${key.slice(12)}`],
    ['in hex, upper-cased', hex.toUpperCase()],
    ['in hex with colons', hex.replace(/(..)(?!$)/g, '$1:')],
    ['in base64url', Buffer.from(key).toString('base64url')]
  ])('redacts it %s', (_how, form) => {
    expect(clip(`denied [${form}] here`)).toBe('denied [***] here')
  })

  it('leaves text that holds no form of it alone', () => {
    expect(clip('dnx_live_Q7mB2xK9 and pL4vT8wR')).toBe('dnx_live_Q7mB2xK9 and pL4vT8wR')
  })
})
