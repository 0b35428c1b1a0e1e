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
  const refuse = (why: string): never => {
    throw new InputError('api-key', why)
  }
  if (key === '')
    refuse(
      'is required and must not be empty. Pass it from a secret: api-key: ${{ secrets.DIALNEXA_API_KEY }}.'
    )
  if (/[\r\n]/.test(key)) refuse('must be a single line; check the secret for a stray newline.')
  // Visible ASCII (RFC 5234 VCHAR): what a bearer token may hold and a header may carry as is.
  if (!/^[\x21-\x7e]+$/.test(key))
    refuse(
      'must hold only visible ASCII characters (letters, digits and punctuation, no spaces); check the secret for a character pasted from another alphabet or a stray space.'
    )
  if (key.length < MIN_API_KEY_LENGTH)
    refuse(
      `is shorter than ${MIN_API_KEY_LENGTH} characters, so it cannot be a whole DialNexa API key; check that the secret holds the complete key.`
    )
  if (key.length > MAX_SECRET_LENGTH)
    refuse(
      `is longer than ${MAX_SECRET_LENGTH} characters, far longer than a DialNexa API key; check that the secret holds the key and nothing else.`
    )
  // A server may echo the secret part alone, and one too short to mask safely would be shown.
  const secret = secretPart(key)
  if (secret !== undefined && secret.length < MIN_SECRET_FORM_LENGTH)
    refuse(
      `has fewer than ${MIN_SECRET_FORM_LENGTH} characters after its first ':', too few for a DialNexa key secret; check that the secret holds the whole key.`
    )
  return key as ApiKey
}
