import { DialNexaApiError } from '../api/errors.js'
import { isTransient } from '../api/retry.js'
import { CancelledError } from '../core/cancellation.js'

// A failed attempt may still have changed it: a gateway answers a timeout or 5xx whether or not
// the API acted, and a garbled answer or a redirect we did not follow says nothing.
export function isAmbiguous(error: unknown): boolean {
  if (error instanceof CancelledError) return error.requestSent
  if (!(error instanceof DialNexaApiError)) return false
  const code = error.statusCode ?? 0
  if (error.kind === 'redirect' || error.afterSending === true) return true
  if (error.kind === 'http' && code >= 300 && code < 400) return true
  if ((error.kind === 'http' || error.kind === 'invalid-response') && code >= 500 && code < 600)
    return true
  // A 429 was refused outright.
  return isTransient(error) && !error.isStatus(429)
}

/** A 2xx without a workflow record: the API did something, but did not say what. */
export function isRecordlessAnswer(error: unknown): error is DialNexaApiError {
  if (!(error instanceof DialNexaApiError) || error.kind !== 'invalid-response') return false
  const code = error.statusCode ?? 0
  return code >= 200 && code < 300
}
