import { describeAttempt, isCutByDeadline } from '../api/errors.js'
import { capitalise, formatSeconds } from '../core/format.js'
import { RateLimitHold } from '../api/retry.js'
import { classifyStatus, isFinal } from '../core/status.js'
import { clip } from '../core/redact.js'
import { StatusVerb } from '../core/verb.js'
import { WaitTimeoutError } from '../workflow/wait.js'

/**
 * A workflow whose status does not accept the change: refused with a 409, or never reaching
 * the accepted status within 'wait-timeout'. Both end the same ways, so both are judged here.
 */

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
