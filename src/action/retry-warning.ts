import { describeAttempt } from '../api/errors.js'
import { capitalise, formatSeconds } from '../core/format.js'
import { NextAttempt } from '../api/client.js'

/**
 * The one vocabulary for `max-retries`: it counts waits, back-offs and rate-limit holds alike,
 * so warnings, the final error and the summary's "Requests (waits)" count the same thing.
 */
function waitCount(waitNumber: number, maxRetries: number): string {
  return `wait ${waitNumber} of ${maxRetries} ('max-retries')`
}

/** What comes after the wait, as it will happen: a check first when the last attempt may have applied. */
function nextStep(next: NextAttempt, delayMs: number, again: string): string {
  const when = `in ${formatSeconds(delayMs)}`
  return next === 'check-then-send'
    ? `${when}, the workflow is read back to see whether the last attempt took effect, and the request is sent again only if it did not`
    : `it is sent${again} ${when}`
}

/** A wait for the key's rate limit: it spends one of the call's waits, as a back-off does. */
export function holdWarning(
  request: string,
  delayMs: number,
  waitNumber: number,
  maxRetries: number,
  next: NextAttempt = 'send'
): string {
  return `${capitalise(request)} is held back until the API key's rate limit resets; ${waitCount(waitNumber, maxRetries)}: ${nextStep(next, delayMs, '')}.`
}

/** A retry warning: what the attempt ran into and what comes next, when; nothing else. */
export function retryWarning(
  request: string,
  error: unknown,
  delayMs: number,
  waitNumber: number,
  maxRetries: number,
  next: NextAttempt = 'send'
): string {
  return `${capitalise(request)} failed: ${describeAttempt(error)}; ${waitCount(waitNumber, maxRetries)}: ${nextStep(next, delayMs, ' again')}.`
}
