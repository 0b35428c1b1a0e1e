import { RetryWait } from '../api/client.js'
import { Confirmation, lastReadFailed, WaitStop, WorkflowOutcome } from '../core/outcome.js'
import { RunEvent } from '../workflow/run.js'
import { describeAttempt } from './failure-text.js'
import { capitalise, formatSeconds, wholeSeconds } from './words.js'

// Lines while a run goes, and the mechanics of how it ended: for the log, never annotations.

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

export function retryLine(wait: RetryWait, maxRetries: number): string {
  const request = wait.call === 'read' ? 'the status read' : `the ${wait.call} request`
  const what = wait.cause
    ? `failed: ${describeAttempt(wait.cause)}`
    : "is held back by the API key's rate limit"
  // A request held back before it was sent is sent, not sent again.
  const next =
    wait.next === 'check-then-send'
      ? 'it is read back, then sent again only if needed'
      : `it is sent${wait.cause ? ' again' : ''}`
  return `${capitalise(request)} ${what}; wait ${wait.waitNumber} of ${maxRetries} ('max-retries'): in ${formatSeconds(wait.delayMs)}, ${next}.`
}

const CONFIRMED: Record<Confirmation, string> = {
  answer: 'its answer',
  'read-back': 'reading it back after an unanswered attempt',
  'read-back-after-recordless-answer': 'reading it back after an answer without a record',
  'check-after-cancel': 'a check after the run was cancelled'
}

const STOPPED: Record<WaitStop['cause'], string> = {
  'no-poll-left': "the next poll would have come after 'wait-timeout'",
  'rate-limit': "the key's rate limit held the next poll past 'wait-timeout'",
  'cut-short': "the last poll had no answer when 'wait-timeout' ended",
  'read-failed': 'the last read failed'
}

/** Mechanics, for the debug log: how a change was confirmed, or why a wait stopped. */
export function detailLine({ end, waitedMs }: WorkflowOutcome): string | undefined {
  if (end.kind === 'changed') return `Confirmed by ${CONFIRMED[end.confirmedBy]}.`
  if (end.kind !== 'wait-timeout') return undefined
  const failed = lastReadFailed(end.stop)
  const why = `${STOPPED[end.stop.cause]}${failed ? ` (${describeAttempt(failed)})` : ''}`
  return `Stopped waiting after ${formatSeconds(waitedMs ?? 0)}: ${why}.`
}
