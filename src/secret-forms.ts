/**
 * The forms in which a server may echo a secret back: as typed, URL-encoded, base64 (alone,
 * after `Bearer `, or anywhere inside a longer base64 text) and hex. Pure, so it is tested
 * without a runner.
 */

/** A form shorter than this could blot out ordinary words if masked; real keys are far longer. */
export const MIN_SECRET_FORM_LENGTH = 8

/** The exact strings to hand `core.setSecret`, longest first. */
export function literalForms(secret: string): string[] {
  const forms = new Set<string>([
    secret,
    secret.trim(),
    encodeURIComponent(secret),
    lowerCaseEscapes(encodeURIComponent(secret)),
    formEncode(secret),
    hex(secret),
    hex(secret).toUpperCase()
  ])
  for (const text of [secret, `Bearer ${secret}`]) {
    const base64 = Buffer.from(text, 'utf8').toString('base64')
    forms.add(base64)
    forms.add(base64.replace(/=+$/, ''))
    forms.add(toBase64Url(base64))
  }
  for (const core of base64Cores(secret)) {
    forms.add(core)
    forms.add(toBase64Url(core))
  }
  return [...forms]
    .filter(form => form.length >= MIN_SECRET_FORM_LENGTH)
    .sort((a, b) => b.length - a.length)
}

/**
 * A regular-expression source that matches `secret` with any of its characters
 * percent-encoded once or twice, in either hex case, and a space also as `+`: every
 * URL-encoding a server might echo (encodeURIComponent, form encoding, RFC 3986, or a mix).
 */
export function urlEncodedPattern(secret: string): string {
  return [...secret]
    .map(char => {
      const bytes = [...Buffer.from(char, 'utf8')]
      const once = bytes.map(byte => `%${hexPattern(byte)}`).join('')
      const twice = bytes.map(byte => `%25${hexPattern(byte)}`).join('')
      const literal = escapeRegExp(char)
      const alternatives = [literal, once, twice, ...(char === ' ' ? ['\\+'] : [])]
      return `(?:${alternatives.join('|')})`
    })
    .join('')
}

/**
 * Base64 encodes three bytes at a time, so a secret inside a longer text is encoded in one of
 * three alignments. For each, these are the characters that depend on the secret alone: they
 * appear in the base64 of any text that contains the secret at that alignment.
 */
export function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8')
  const cores: string[] = []
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64')
    const first = Math.ceil((8 * shift) / 6)
    const end = Math.floor((8 * (shift + bytes.length)) / 6)
    cores.push(encoded.slice(first, end))
  }
  return cores
}

/** application/x-www-form-urlencoded, as URLSearchParams writes it. */
function formEncode(text: string): string {
  return new URLSearchParams({ k: text }).toString().slice(2)
}

function lowerCaseEscapes(encoded: string): string {
  return encoded.replace(/%[0-9A-F]{2}/g, escape => escape.toLowerCase())
}

function hex(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex')
}

function toBase64Url(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function hexPattern(byte: number): string {
  return [...byte.toString(16).toUpperCase().padStart(2, '0')]
    .map(digit => (/[A-F]/.test(digit) ? `[${digit}${digit.toLowerCase()}]` : digit))
    .join('')
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
