import { DialNexaApiError, describeAttempt, describeFailure } from '../api/errors.js'
import { CancelledError } from '../core/cancellation.js'
import { capitalise, errorText } from '../core/format.js'
import { isTransient } from '../api/retry.js'
import { Confirmation, StatusChangeOutcome } from '../workflow/change.js'
import { clip } from '../core/redact.js'
import { StatusVerb } from '../core/verb.js'

/**
 * How a status change ended, other than a conflict, in words: taken effect and how that is
 * known, not taken effect or perhaps, or a failure no other rule caught.
 */

export interface FailureVerdict {
  result: 'failed' | 'cancelled' | 'unknown'
  error: string
}

const CHECK_FIRST = 'Check its status in DialNexa before sending it again.'

/** The words for a status change that did not end in the verb's status, or may have. */
export function judgeChange(
  verb: StatusVerb,
  subject: string,
  outcome: Exclude<StatusChangeOutcome, { result: StatusVerb['past'] | 'conflict' }>
): FailureVerdict {
  const request = `the ${verb.name} request for ${subject}`
  switch (outcome.result) {
    case 'not-applied': {
      const status = clip(outcome.record.status, 40)
      const what =
        outcome.recordlessCode === undefined
          ? `The DialNexa API accepted ${request} but answered with status ${status}`
          : `The DialNexa API answered HTTP ${outcome.recordlessCode} to ${request} without a workflow record, and reading it back shows status ${status}`
      return {
        result: 'failed',
        error: `${what}, not ${verb.produces}, so it was not ${verb.past}. Check the workflow in DialNexa.`
      }
    }
    case 'cancelled':
      return {
        result: 'cancelled',
        error: `The run was cancelled while ${request} was in flight; a check right after shows status ${clip(outcome.record.status, 40)}, so it had not been ${verb.past} by then; the request was sent, so it may still take effect.`
      }
    case 'unknown': {
      const why = {
        cancelled: `The run was cancelled while ${request} was in flight, and the check after it failed (${describeAttempt(outcome.error)})`,
        unanswered: `${capitalise(request)} failed (${describeAttempt(outcome.error)}), and reading the workflow back failed too`,
        'recordless-answer': `The DialNexa API answered ${request} with ${describeAttempt(outcome.error)}, and reading it back failed`
      }[outcome.cause]
      return { result: 'unknown', error: `${why}: it may have been ${verb.past}. ${CHECK_FIRST}` }
    }
  }
}

/** The log's words for how a change was known to have taken effect. */
export function confirmationNote(confirmedBy: Confirmation): string {
  switch (confirmedBy) {
    case 'answer':
      return ''
    case 'read-back':
      return ' (confirmed by reading it back after an unanswered attempt)'
    case 'read-back-after-recordless-answer':
      return ' (the API answered without a workflow record; confirmed by reading it back)'
    case 'check-after-cancel':
      return ' (the run was cancelled with the request in flight; a check confirmed it)'
  }
}

/**
 * One workflow's error text for a failure that escaped every rule (conflict.ts, judgeChange).
 * An API failure that gets here changed nothing (an unanswered change was read back first, see
 * status-change.ts), so the text says so, with the last status read: what the person on call
 * can rely on.
 * `foundEarlier`: a read earlier in the job found the workflow (see describeFailure).
 */
export function workflowFailure(
  verb: StatusVerb,
  subject: string,
  error: unknown,
  maxRetries: number,
  lastStatus?: string,
  foundEarlier = false
): FailureVerdict {
  if (error instanceof CancelledError) {
    return {
      result: 'cancelled',
      error: `The run was cancelled before ${subject} was ${verb.past}.`
    }
  }
  if (!(error instanceof DialNexaApiError)) return { result: 'failed', error: errorText(error) }
  const gaveUp = !isTransient(error)
    ? ''
    : maxRetries === 0
      ? " It was not retried: 'max-retries' is 0."
      : ` Gave up after ${maxRetries} ${maxRetries === 1 ? 'wait' : 'waits'} for this request ('max-retries').`
  const state =
    lastStatus === undefined
      ? ` It was not ${verb.past}, and its status could not be read.`
      : ` It was not ${verb.past}; its status when last read was ${clip(lastStatus, 40)}.`
  const failure = describeFailure(error, subject, foundEarlier)
  return { result: 'failed', error: clip(failure, 800) + gaveUp + state }
}
