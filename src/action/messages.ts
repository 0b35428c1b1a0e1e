import { isTransientFailure } from '../api/retry.js'
import { RetryWait } from '../api/client.js'
import { formatSeconds } from '../core/format.js'
import { Confirmation, End, Result, WaitStop, WorkflowOutcome } from '../core/outcome.js'
import { clip } from '../core/redact.js'
import { classifyStatus, isFinal } from '../core/status.js'
import { StepPolicy } from '../workflow/policy.js'
import { RunEvent } from '../workflow/run.js'
import { describeAttempt, describeFailure, quote } from './failure-text.js'
import { zonedIso, zonedLocal } from '../workflow/calling-hours.js'
import { ACCEPTED_WORD, capitalise, PAST, plural, PRODUCED_WORD, wholeSeconds } from './words.js'

/** Every sentence about one workflow's run, built from its outcome. */

/** The settings a sentence may name. */
export interface Told {
  maxRetries: number
  waitForPaused: boolean
  pollIntervalMs: number
  waitTimeoutMs: number
  /** GITHUB_RUN_ATTEMPT: above 1 on a re-run. */
  runAttempt: number
  /** The zone calling hours are told in. */
  timeZone?: string
}

export type Level = 'info' | 'notice' | 'warning' | 'error'
export interface Line {
  level: Level
  text: string
}

const IGNORED = " Continuing because 'ignore-conflict' is true."
const LET_SUCCEED = "set 'ignore-conflict: true' to let the step succeed in this case."
const CHECK_FIRST = 'Check its status in DialNexa before sending it again.'
const status40 = (status: string | undefined): string =>
  status === undefined ? 'unknown' : clip(status, 40)

/** The line that tells how one workflow's run ended. */
export function endLine(
  policy: StepPolicy,
  subject: string,
  outcome: WorkflowOutcome,
  told: Told
): Line {
  const { end } = outcome
  const verb = policy.verb.name
  const request = `the ${verb} request for ${subject}`
  switch (end.kind) {
    case 'changed': {
      const name = outcome.workflowName ? ` (${outcome.workflowName})` : ''
      const text = `${capitalise(PAST[verb])} ${subject}${name}: status ${status40(outcome.statusAfter)}${CONFIRMED[end.confirmedBy]}.`
      return { level: 'info', text }
    }
    case 'already': {
      const text = `${capitalise(subject)} is already ${status40(outcome.statusAfter)}, so this step did not ${verb} it.`
      if (policy.step !== 'pause') return { level: 'info', text }
      if (told.runAttempt <= 1) return { level: 'notice', text }
      return {
        level: 'warning',
        text: `${capitalise(subject)} is already paused on attempt ${told.runAttempt} of this run: an earlier attempt may have paused it, and it stays paused after this job. Set 'already-paused: adopt' to take it over.`
      }
    }
    case 'adopted':
      return {
        level: 'info',
        text: `${capitalise(subject)} was already paused; adopted ('already-paused: adopt'), so the end of the job resumes it with 'auto-resume'.`
      }
    case 'preview':
      return { level: 'info', text: previewText(policy, subject, end, told, outcome.statusAfter) }
    case 'outside-hours': {
      const opens = opensText(end.opensAt, told)
      if (end.skipped)
        return {
          level: 'warning',
          text: `${capitalise(subject)} was not resumed: outside 'calling-hours'${opens}. It stays paused ('outside-calling-hours: skip').`
        }
      return {
        level: 'error',
        text: `${capitalise(subject)} was not resumed: outside 'calling-hours'${opens}. Run the step again then, or set 'outside-calling-hours'.`
      }
    }
    case 'pending':
      return {
        level: 'error',
        text: `The DialNexa API answered HTTP ${end.statusCode} to ${request}, and it still reads as ${status40(end.status)}: it may still be ${PAST[verb]}. ${CHECK_FIRST}`
      }
    case 'conflict':
      return conflictLine(policy, subject, end, told)
    case 'wait-timeout':
      return waitTimeoutLine(policy, subject, end, told)
    case 'not-applied': {
      const status = status40(end.status)
      const what =
        end.recordlessCode === undefined
          ? `The DialNexa API accepted ${request} but answered with status ${status}`
          : `The DialNexa API answered HTTP ${end.recordlessCode} to ${request} without a workflow record, and reading it back shows status ${status}`
      const text = `${what}, not ${PRODUCED_WORD[verb]}, so it was not ${PAST[verb]}. Check the workflow in DialNexa.`
      return { level: 'error', text }
    }
    case 'cancelled': {
      const text =
        end.status === undefined
          ? `The run was cancelled before ${subject} was ${PAST[verb]}.`
          : `The run was cancelled while ${request} was in flight; a check right after shows status ${status40(end.status)}, so it had not been ${PAST[verb]} by then; the request was sent, so it may still take effect.`
      return { level: 'error', text }
    }
    case 'unknown': {
      const attempt = describeAttempt(end.error)
      const why = {
        cancelled: `The run was cancelled while ${request} was in flight, and the check after it failed (${attempt})`,
        unanswered: `${capitalise(request)} failed (${attempt}), and reading the workflow back failed too`,
        'recordless-answer': `The DialNexa API answered ${request} with ${attempt}, and reading it back failed`
      }[end.cause]
      return { level: 'error', text: `${why}: it may have been ${PAST[verb]}. ${CHECK_FIRST}` }
    }
    case 'failed':
      return { level: 'error', text: failedText(policy, subject, end, told) }
  }
}

const CONFIRMED: Record<Confirmation, string> = {
  answer: '',
  'read-back': ' (confirmed by reading it back after an unanswered attempt)',
  'read-back-after-recordless-answer':
    ' (the API answered without a workflow record; confirmed by reading it back)',
  'check-after-cancel': ' (the run was cancelled with the request in flight; a check confirmed it)'
}

function conflictLine(
  policy: StepPolicy,
  subject: string,
  end: Extract<End, { kind: 'conflict' }>,
  told: Told
): Line {
  const { verb } = policy
  const status = status40(end.status)
  const kind = end.status === undefined ? undefined : classifyStatus(status)
  const why = isFinal(status)
    ? `it is ${status}, a final status, and can never be ${PAST[verb.name]}`
    : `its current status is ${status}`
  // After a 409, the read may still show the accepted status, or nothing: "is not paused"
  // would then contradict the status shown, or guess.
  const said = end.serverMessage ? ` ("${quote(end.serverMessage)}")` : ''
  const refused = `The DialNexa API refused to ${verb.name} ${subject} with a conflict (HTTP 409${said})`
  const message =
    kind === undefined
      ? `${refused}, and its status could not be read.`
      : kind === verb.accepts
        ? `${refused}, though it still reads as ${status}: another change to it may be under way.`
        : `${capitalise(subject)} is not ${ACCEPTED_WORD[verb.name]}, so it was not ${PAST[verb.name]}: ${why}.`
  if (end.ignored) {
    const leave = policy.finalIsWarning && kind === 'final'
    return { level: 'warning', text: message + (leave ? ' Leaving it as it is.' : IGNORED) }
  }
  if (kind === undefined || kind === verb.accepts)
    return {
      level: 'error',
      text: `${message} Check it in DialNexa before running the step again.`
    }
  const mayBePausing = !told.waitForPaused && verb.accepts === 'paused' && kind === 'active'
  const hint = mayBePausing
    ? ` If another job may still be pausing it, set 'wait-for-paused: true'; or ${LET_SUCCEED}`
    : ` ${capitalise(LET_SUCCEED)}`
  return { level: 'error', text: message + hint }
}

function waitTimeoutLine(
  policy: StepPolicy,
  subject: string,
  end: Extract<End, { kind: 'wait-timeout' }>,
  told: Told
): Line {
  const verb = policy.verb.name
  const message =
    `${capitalise(subject)} did not become ${ACCEPTED_WORD[verb]} within 'wait-timeout' ` +
    `(${formatSeconds(told.waitTimeoutMs)}), so it was not ${PAST[verb]}: the last status seen was ` +
    `${status40(end.status)}.${stopText(end.stop, formatSeconds(end.waitedMs), told)}`
  if (end.ignored) return { level: 'warning', text: message + IGNORED }
  const text = `${message} Raise 'wait-timeout' if pausing takes longer, or ${LET_SUCCEED}`
  return { level: 'error', text }
}

/** The wait stops at the last poll that fits, so it may stop short of 'wait-timeout': say why. */
function stopText(stop: WaitStop, waited: string, told: Told): string {
  switch (stop.cause) {
    case 'no-poll-left':
      return ` It stopped waiting after ${waited}, as the next poll ('poll-interval', ${formatSeconds(told.pollIntervalMs)}) would have come after 'wait-timeout' ended.`
    case 'rate-limit':
      return ` It stopped waiting after ${waited}: the API key's rate limit held the next poll back until after 'wait-timeout' ended.`
    case 'cut-short': {
      const poll =
        stop.retried === undefined
          ? "the last poll's answer"
          : `the last read failed (${describeAttempt(stop.retried)}), and its retry's answer`
      return ` It stopped waiting after ${waited}: ${poll} had not come when 'wait-timeout' ended.`
    }
    case 'read-failed':
      return ` The last read failed: ${describeAttempt(stop.error)}; it stopped waiting after ${waited}, as another attempt would have come after 'wait-timeout' ended.`
  }
}

/** A failure that escaped every rule changed nothing: say so, with the last status read. */
function failedText(
  policy: StepPolicy,
  subject: string,
  end: Extract<End, { kind: 'failed' }>,
  told: Told
): string {
  if (end.error.kind === 'unexpected') return clip(end.error.message, 800)
  const past = PAST[policy.verb.name]
  const n = told.maxRetries
  const gaveUp = !isTransientFailure(end.error)
    ? ''
    : n === 0
      ? " It was not retried: 'max-retries' is 0."
      : ` Gave up after ${n} ${plural(n, 'wait')} for this request ('max-retries').`
  const state =
    end.lastStatus === undefined
      ? ` It was not ${past}, and its status could not be read.`
      : ` It was not ${past}; its status when last read was ${status40(end.lastStatus)}.`
  const cut = end.waitCut
    ? " It stopped there: the retry the API asked for would have come after 'wait-timeout' ended."
    : ''
  return clip(describeFailure(end.error, subject, end.found), 800) + (cut || gaveUp) + state
}

/** ", which next open Mon 2026-12-07 08:00 (America/New_York)", or that they never do. */
function opensText(opensAt: number | undefined, told: Told): string {
  if (opensAt === undefined || told.timeZone === undefined) return ', and they never open'
  return `, which next open ${zonedLocal(opensAt, told.timeZone)} (${told.timeZone})`
}

/** The ISO form of an opening, for the `opens-at` output. */
export const opensAtIso = (opensAt: number | undefined, told: Told): string =>
  opensAt === undefined || told.timeZone === undefined ? '' : zonedIso(opensAt, told.timeZone)

function previewText(
  policy: StepPolicy,
  subject: string,
  end: Extract<End, { kind: 'preview' }>,
  told: Told,
  status: string | undefined
): string {
  const verb = policy.verb.name
  const real =
    end.would === 'wait'
      ? `a real run would wait for it to be paused, then ${verb} it`
      : `a real run would ${verb} it now`
  const hours = end.shut ? `; calling hours are shut now${opensText(end.opensAt, told)}` : ''
  return `Dry run: ${subject} is ${status40(status)}; ${real}${hours}. Nothing was sent.`
}

/** A line while the run goes: waiting for the accepted status. */
export function eventLine(subject: string, event: RunEvent): string {
  switch (event.type) {
    case 'waiting':
      return `Waiting for ${subject} to be paused: a poll every ${formatSeconds(event.pollIntervalMs)}, ${wholeSeconds(event.leftMs)} left before 'wait-timeout'.`
    case 'status':
      return `Workflow status: ${event.status}`
    case 'still-waiting':
      return `Still waiting: status ${event.status}; waited ${wholeSeconds(event.waitedMs)}, ${wholeSeconds(event.leftMs)} left before 'wait-timeout'.`
    case 'hours-wait':
      return `Waiting for 'calling-hours' to open before resuming ${subject}: ${wholeSeconds(event.leftMs)} to go.`
  }
}

/** A wait before another attempt: what the attempt ran into, what comes next and when. */
export function retryLine(wait: RetryWait, maxRetries: number): string {
  const request = wait.call === 'read' ? 'the status read' : `the ${wait.call} request`
  const count = `wait ${wait.waitNumber} of ${maxRetries} ('max-retries')`
  const when = `in ${formatSeconds(wait.delayMs)}`
  const again = wait.cause === undefined ? '' : ' again'
  const next =
    wait.next === 'check-then-send'
      ? `${when}, the workflow is read back to see whether the last attempt took effect, and the request is sent again only if it did not`
      : `it is sent${again} ${when}`
  return wait.cause === undefined
    ? `${capitalise(request)} is held back until the API key's rate limit resets; ${count}: ${next}.`
    : `${capitalise(request)} failed: ${describeAttempt(wait.cause)}; ${count}: ${next}.`
}

/** The summary's word for a result. */
export function resultText(policy: StepPolicy, result: Result): string {
  const verb = policy.verb.name
  switch (result) {
    case 'changed':
      return `✅ ${capitalise(PAST[verb])}`
    case 'already':
      return `✅ Already ${PRODUCED_WORD[verb]}`
    case 'conflict-ignored':
      return `⚠️ Not ${ACCEPTED_WORD[verb]}; conflict ignored`
    case 'failed':
      return '❌ Failed'
    case 'cancelled':
      return '⛔ Cancelled'
    case 'unknown':
      return `❓ May have been ${PAST[verb]}`
    case 'preview':
      return `🔎 Would ${verb}`
    case 'skipped':
      return '⏭️ Skipped: outside calling hours'
  }
}
