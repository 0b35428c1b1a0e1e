import { randomBytes } from 'node:crypto'

/** Text from the server (messages, bodies, even status words) is never trusted. */

export const MAX_UNTRUSTED_LENGTH = 300

const secrets: string[] = []

/** Registers text that must never be echoed back, such as the API key. */
export function registerSecret(secret: string): void {
  if (secret !== '' && !secrets.includes(secret)) secrets.push(secret)
}

/**
 * Makes server text safe to embed in one line of our own: no control characters, no secret,
 * bounded length. Lines built from it must still be printed with `printUntrusted` or via
 * core.error/warning, because `::` and `##[` are only harmless away from the runner's parser.
 */
export function clip(text: string, max = MAX_UNTRUSTED_LENGTH): string {
  let clean = text
  for (const secret of secrets) clean = clean.split(secret).join('***')
  // eslint-disable-next-line no-control-regex
  clean = clean.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim()
  return clean.length > max ? `${clean.slice(0, max)}…` : clean
}

/** Formats `message` from a DialNexa error body, which is a string or an array of strings. */
export function describeServerMessage(message: unknown): string | undefined {
  if (typeof message === 'string' && message.trim() !== '') return clip(message)
  if (Array.isArray(message)) {
    const parts = message.filter((m): m is string => typeof m === 'string' && m.trim() !== '')
    if (parts.length > 0) return clip(parts.join('; '))
  }
  return undefined
}

/**
 * Wraps lines that contain server text in a stop-commands block, so the runner treats
 * them as plain log text. A fresh token each time means the text cannot guess the end marker.
 */
export function wrapUntrusted(lines: string[], token = randomBytes(16).toString('hex')): string {
  return [`::stop-commands::${token}`, ...lines, `::${token}::`].join('\n')
}
