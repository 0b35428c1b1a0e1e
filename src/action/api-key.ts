import * as core from '@actions/core'
import { registerSecret } from '../core/redact.js'
import type { ApiKey } from '../core/secret-forms.js'
import { MAX_SECRET_LENGTH, MIN_SECRET_FORM_LENGTH, secretPart } from '../core/secret-forms.js'
import { InputError } from './input-rules.js'

/** Shorter than any real key, and long enough that masking it cannot blot out ordinary words. */
export const MIN_API_KEY_LENGTH = 16

/** Masks and registers for redaction every form of the key, before anything can log it. */
export function maskApiKey(): string {
  const typed = core.getInput('api-key', { trimWhitespace: false })
  for (const form of registerSecret(typed)) core.setSecret(form)
  return typed
}

/** The key validated; no refusal may show it, not even the offending character. */
export function parseApiKey(value: string): ApiKey {
  const key = value.trim()
  const whole = 'check that the secret holds the whole key'
  // Visible ASCII (RFC 5234 VCHAR) is what a header carries as is. A server may echo the secret
  // part alone, and one too short to mask safely would be shown.
  const refusal = [
    key === '' &&
      'is required and must not be empty: pass it from a secret, e.g. ${{ secrets.DIALNEXA_API_KEY }}.',
    /[\r\n]/.test(key) && 'must be a single line; check the secret for a stray newline.',
    /[^\x21-\x7e]/.test(key) &&
      'must hold only visible ASCII characters, no spaces; check the secret for a space or a letter from another alphabet.',
    key.length < MIN_API_KEY_LENGTH &&
      `is shorter than ${MIN_API_KEY_LENGTH} characters; ${whole}.`,
    key.length > MAX_SECRET_LENGTH &&
      `is longer than ${MAX_SECRET_LENGTH} characters; check that the secret holds only the key.`,
    (secretPart(key)?.length ?? Infinity) < MIN_SECRET_FORM_LENGTH &&
      `has fewer than ${MIN_SECRET_FORM_LENGTH} characters after its first ':'; ${whole}.`
  ].find(text => text !== false)
  if (refusal) throw new InputError('api-key', refusal)
  return key as ApiKey
}
