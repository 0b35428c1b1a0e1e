import {
  DialNexaApiError,
  describeAttempt,
  describeFailure,
  isCutByDeadline
} from '../api/api-error.js'
import { CancelledError } from './cancellation.js'
import { capitalise, errorText, formatSeconds } from '../format.js'
import { isTransient, RateLimitHold } from '../api/retry.js'
import { NextAttempt } from '../api/dialnexa.js'
import { classifyStatus, isFinal } from './status.js'
import { Confirmation, StatusChangeOutcome } from './status-change.js'
import { clip } from '../api/untrusted.js'
import { StatusVerb } from './verb.js'
import { WaitTimeoutError } from './wait.js'

/**
 * Pure judgements about one workflow and their words: a conflict, a wait that ran out, a change
 * that did not (or may have) taken effect, a failure. Each message names the workflow through
 * `subject`, so a line that already carries its ID (a title, an `[id]` prefix) need not repeat it.
 */

/** "workflow wfl_1" where nothing else names it; "the workflow" under a title or prefix. */
export function subjectFor(workflowId: string, namedElsewhere: boolean): string {
  return namedElsewhere ? 'the workflow' : `workflow ${workflowId}`
}

export type ConflictVerdict =
  | { result: 'already'; note: string }
  | { result: 'conflict-ignored'; warning: string }
  | { result: 'failed'; error: string }

/** What a step accepts beyond `ignore-conflict`; the resume action accepts neither. */
export interface StepConflictRules {
  /**
   * The status the verb produces already holds: someone else made the change, so the desired
   * state holds and the step succeeds without claiming it. The pause action and its post step.
   */
  acceptAlready?: boolean
  /** A workflow that became final meanwhile is reported with a warning, not fought: the post step. */
  finalIsWarning?: boolean
  /**
   * The change undoes one this job made (the post step resumes what its pause step paused): a
   * refusal that may leave the workflow as this job left it, still in the accepted status or
   * unreadable, fails even with `ignore-conflict`, which the user set for the pause's conflicts.
   */
  undoesOwnChange?: boolean
}

export interface ConflictRules extends StepConflictRules {
  ignoreConflict: boolean
  /** True when the step already waited for the accepted status (`wait-for-paused`). */
  waited: boolean
}

const IGNORED = " Continuing because 'ignore-conflict' is true."
const LET_SUCCEED = "set 'ignore-conflict: true' to let the step succeed in this case."

/**
 * A workflow whose status does not accept the change fails the step, unless `ignore-conflict`
 * makes it a warning. A final status is named as such: no later run can change it. An active
 * workflow may still be being paused by another job, which `wait-for-paused` would wait out.
 */
export function judgeConflict(
  verb: StatusVerb,
  subject: string,
  currentStatus: string | undefined,
  rules: ConflictRules
): ConflictVerdict {
  const status = currentStatus === undefined ? 'unknown' : clip(currentStatus, 40)
  if (rules.acceptAlready && classifyStatus(status) === verb.produces) {
    return {
      result: 'already',
      note: `${capitalise(subject)} is already ${status}, so this step did not ${verb.name} it.`
    }
  }
  const why = isFinal(status)
    ? `it is ${status}, a final status, and can never be ${verb.past}`
    : `its current status is ${status}`
  // After a 409, the read may still show the accepted status (a change under way elsewhere),
  // or nothing: "is not paused" would then contradict the status shown, or guess.
  const refused = `The DialNexa API refused to ${verb.name} ${subject} with a conflict (HTTP 409)`
  const message =
    currentStatus === undefined
      ? `${refused}, and its status could not be read.`
      : classifyStatus(status) === verb.accepts
        ? `${refused}, though it still reads as ${status}: another change to it may be under way.`
        : `${capitalise(subject)} is not ${verb.acceptedWord}, so it was not ${verb.past}: ${why}.`
  if (currentStatus === undefined || classifyStatus(status) === verb.accepts) {
    if (rules.ignoreConflict && !rules.undoesOwnChange) {
      return { result: 'conflict-ignored', warning: message + IGNORED }
    }
    return {
      result: 'failed',
      error: `${message} Check it in DialNexa before running the step again.`
    }
  }
  if (rules.finalIsWarning && isFinal(status)) {
    return { result: 'conflict-ignored', warning: `${message} Leaving it as it is.` }
  }
  if (rules.ignoreConflict) return { result: 'conflict-ignored', warning: message + IGNORED }
  const mayBePausing =
    !rules.waited && verb.accepts === 'paused' && classifyStatus(status) === 'active'
  const hint = mayBePausing
    ? ` If another job may still be pausing it, set 'wait-for-paused: true'; or ${LET_SUCCEED}`
    : ` ${capitalise(LET_SUCCEED)}`
  return { result: 'failed', error: message + hint }
}

/** The wait's inputs, named in its timeout message. */
export interface WaitLimits {
  timeoutMs: number
  pollIntervalMs: number
}

/**
 * A wait that ends without the accepted status is a conflict with the last status seen. The
 * wait stops at the last poll that fits before 'wait-timeout' ends, so it may stop short of it:
 * the message says why, rather than claim it waited the whole 'wait-timeout'.
 */
export function judgeWaitTimeout(
  verb: StatusVerb,
  subject: string,
  timeout: WaitTimeoutError,
  limits: WaitLimits,
  ignoreConflict: boolean
): ConflictVerdict {
  const waited = formatSeconds(timeout.waitedMs)
  const stopped =
    timeout.lastError === undefined
      ? ` It stopped waiting after ${waited}, as the next poll ('poll-interval', ${formatSeconds(limits.pollIntervalMs)}) would have come after 'wait-timeout' ended.`
      : timeout.lastError instanceof RateLimitHold
        ? ` It stopped waiting after ${waited}: the API key's rate limit held the next poll back until after 'wait-timeout' ended.`
        : isCutByDeadline(timeout.lastError)
          ? ` It stopped waiting after ${waited}: ${cutPoll(timeout.retried)} had not come when 'wait-timeout' ended.`
          : ` The last read failed: ${describeAttempt(timeout.lastError)}; it stopped waiting after ${waited}, as another attempt would have come after 'wait-timeout' ended.`
  const message =
    `${capitalise(subject)} did not become ${verb.acceptedWord} within 'wait-timeout' ` +
    `(${formatSeconds(limits.timeoutMs)}), so it was not ${verb.past}: the last status seen was ` +
    `${clip(timeout.lastStatus, 40)}.${stopped}`
  if (ignoreConflict) return { result: 'conflict-ignored', warning: message + IGNORED }
  return {
    result: 'failed',
    error: `${message} Raise 'wait-timeout' if pausing takes longer, or ${LET_SUCCEED}`
  }
}

/**
 * The poll 'wait-timeout' cut short, and why it came so late: a retry still says what the read
 * before it ran into, which may be the API's fault, not the wait's.
 */
function cutPoll(retried: unknown): string {
  return retried === undefined
    ? "the last poll's answer"
    : `the last read failed (${describeAttempt(retried)}), and its retry's answer`
}

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
        error: `The run was cancelled while ${request} was in flight; a check right after shows status ${clip(outcome.record.status, 40)}, so it was not ${verb.past}.`
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
 * One workflow's error text for a failure that escaped every rule above. An API failure that
 * gets here changed nothing (an unanswered change was read back first, see status-change.ts),
 * so the text says so, with the last status read: what the person on call can rely on.
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
