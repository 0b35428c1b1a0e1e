/** A shorter form could blot out ordinary words if masked; real keys are far longer. */
export const MIN_SECRET_FORM_LENGTH = 8

/** A longer secret gets no pattern (too large to compile); `api-key` refuses it anyway. */
export const MAX_SECRET_LENGTH = 256

/** Every repetition is bounded: an unbounded one lets a run of `\\` or `%25` go quadratic. */
const MAX_REPEAT = 8
/** The most `echoedPattern` matches per character: 4 bytes, each `%` + repeats, and a space. */
export const MAX_ECHOED_CHAR_LENGTH = 4 * (3 + 2 * MAX_REPEAT) + 1
// One or more: text escaped for JSON, then put in JSON again, doubles them.
const BACKSLASHES = `\\\\{1,${MAX_REPEAT}}`
const NAMED: Record<string, string> = { '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }

/** A server may echo the secret of a `<key-id>:<secret>` key alone; the key ID stays readable. */
export const secretPart = (key: string): string | undefined =>
  key.includes(':') ? key.slice(key.indexOf(':') + 1) : undefined

/** The exact strings to hand `core.setSecret`, longest first. */
export function literalForms(secret: string): string[] {
  const encoded = encodeURIComponent(secret)
  const hex = Buffer.from(secret, 'utf8').toString('hex')
  const forms = new Set<string>([
    secret,
    secret.trim(),
    encoded,
    encoded.replace(/%[0-9A-F]{2}/g, escape => escape.toLowerCase()),
    // application/x-www-form-urlencoded, as URLSearchParams writes it.
    new URLSearchParams({ k: secret }).toString().slice(2),
    hex,
    hex.toUpperCase()
  ])
  for (const text of [secret, `Bearer ${secret}`]) {
    const base64 = Buffer.from(text, 'utf8').toString('base64')
    forms.add(base64)
    forms.add(base64.replace(/=+$/, ''))
    forms.add(Buffer.from(text, 'utf8').toString('base64url'))
  }
  for (const core of base64Cores(secret)) {
    forms.add(core)
    forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  return [...forms]
    .filter(form => form.length >= MIN_SECRET_FORM_LENGTH)
    .sort((a, b) => b.length - a.length)
}

// `secret` echoed reformatted char by char (percent-encoded, JSON-escaped, HTML entities) or
// split by a space, as docs/security.md lists; use it with the `i` flag.
export const echoedPattern = (secret: string): string => [...secret].map(echoedChar).join(' ?')

/** A literal form (base64, hex) wrapped or split: one space, colon or dash between characters. */
export const splitPattern = (form: string): string => [...form].map(escapeRegExp).join('[ :-]?')

function echoedChar(char: string): string {
  const bytes = [...Buffer.from(char, 'utf8')]
  const code = char.codePointAt(0)!
  const alternatives = [
    escapeRegExp(char),
    // %41, %2541, %252541…: encoded once, twice or more.
    bytes.map(byte => `%(?:25){0,${MAX_REPEAT}}${hexPattern(byte)}`).join('')
  ]
  if (char === ' ') alternatives.push('\\+')
  if (code <= 0xffff) alternatives.push(`${BACKSLASHES}u${hexPattern(code, 4)}`)
  if (code < 0x80) alternatives.push(`${BACKSLASHES}x${hexPattern(code)}`)
  // A backslash before punctuation, as JSON writes "\/", however often it was escaped.
  if (/[^\p{L}\p{N}]/u.test(char)) alternatives.push(`${BACKSLASHES}${escapeRegExp(char)}`)
  const entities = [`#0{0,${MAX_REPEAT}}${code}`, `#x0{0,${MAX_REPEAT}}${hexPattern(code)}`]
  if (NAMED[char]) entities.push(NAMED[char])
  alternatives.push(`&(?:amp;){0,${MAX_REPEAT}}(?:${entities.join('|')});`)
  return `(?:${alternatives.join('|')})`
}

/** Base64 of a text holding the secret: for each of 3 alignments, the part it alone decides. */
export function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8')
  return [0, 1, 2].map(shift => {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64')
    return encoded.slice(Math.ceil((8 * shift) / 6), Math.floor((8 * (shift + bytes.length)) / 6))
  })
}

/** Zero-padded to `width`; the `i` flag matches either case. */
const hexPattern = (value: number, width = 2): string => value.toString(16).padStart(width, '0')

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The API key once validated, masked and registered for redaction: the only key the client takes. */
export type ApiKey = string & { readonly validatedKey: unique symbol }
