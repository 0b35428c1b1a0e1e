import { isTransientFailure } from '../api/retry.js'
import { formatSeconds } from '../core/format.js'
import { End, lastReadFailed, WorkflowOutcome } from '../core/outcome.js'
import { clip } from '../core/redact.js'
import { classifyStatus } from '../core/status.js'
import { StatusVerb } from '../core/verb.js'
import { StepPolicy } from '../workflow/policy.js'
import { describeAttempt, describeFailure, quote } from './failure-text.js'
import { outsideLine, previewText } from './hours-text.js'
import { ACCEPTED_WORD, capitalise, PAST, plural } from './words.js'

/**
 * How one workflow's run ended, in words: one sentence of what happened (the workflow, the
 * cause) and one of what to do (the input to change). Mechanics go to the debug log.
 */

/** The settings a sentence may name. */
export interface Told {
  maxRetries: number
  waitForPaused: boolean
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

const CHECK = 'Check it in DialNexa before sending it again.'
const PASS = "or set 'ignore-conflict: true' to let the step pass."
const IGNORED = "Continuing: 'ignore-conflict' is true."
const shown = (status: string | undefined): string =>
  status === undefined ? 'unknown' : clip(status, 40)

export function endLine(policy: StepPolicy, subject: string, o: WorkflowOutcome, told: Told): Line {
  const { end } = o
  const verb = policy.verb.name
  const past = PAST[verb]
  const Subject = capitalise(subject)
  const info = (text: string): Line => ({ level: 'info', text })
  const error = (text: string): Line => ({ level: 'error', text })
  switch (end.kind) {
    case 'changed':
      return info(
        `${capitalise(past)} ${subject}${o.workflowName ? ` (${o.workflowName})` : ''}: status ${shown(o.statusAfter)}.`
      )
    case 'already':
      return alreadyLine(policy, Subject, o, told)
    case 'adopted':
      return info(`${Subject} was already paused; adopted, so the end of the job resumes it.`)
    case 'preview':
      return info(previewText(policy, subject, end, told, o.statusAfter))
    case 'outside-hours':
      return outsideLine(Subject, end, told)
    case 'conflict':
      return conflictLine(policy, Subject, end, told)
    case 'wait-timeout':
      return waitTimeoutLine(verb, Subject, end, told)
    case 'not-applied': {
      // A record-less answer says no status: the status is what reading it back showed.
      const answered = end.recordlessCode
        ? `HTTP ${end.recordlessCode} without a record, and it reads as ${shown(end.status)}`
        : `with status ${shown(end.status)}`
      return error(
        `${Subject} was not ${past}: the DialNexa API answered ${answered}. Check it in DialNexa.`
      )
    }
    case 'pending':
      return error(
        `${Subject} may still be ${past}: ${end.answer ? describeFailure(end.answer).cause : `the DialNexa API answered HTTP ${end.statusCode}`}, and it still reads as ${shown(end.status)}. ${CHECK}`
      )
    case 'unknown': {
      const attempt = describeAttempt(end.error)
      const why = {
        cancelled: `the run was cancelled with the request in flight, and reading it back failed (${attempt})`,
        unanswered: `the request failed (${attempt}), and reading it back failed`,
        'recordless-answer': `the DialNexa API answered ${attempt}, and reading it back failed`
      }[end.cause]
      return error(`${Subject} may have been ${past}: ${why}. ${CHECK}`)
    }
    case 'cancelled':
      return error(
        end.status === undefined
          ? `The run was cancelled before ${subject} was ${past}.`
          : `${Subject} may still be ${past}: the run was cancelled with the request in flight, and it still read as ${shown(end.status)}. ${CHECK}`
      )
    case 'failed':
      return error(failedText(policy, Subject, end, told))
  }
}

function waitTimeoutLine(
  verb: StatusVerb['name'],
  Subject: string,
  end: Extract<End, { kind: 'wait-timeout' }>,
  told: Told
): Line {
  const failed = lastReadFailed(end.stop)
  const why = failed
    ? `, and the last read failed (${describeAttempt(failed)})`
    : end.stop.cause === 'rate-limit'
      ? ", and the API key's rate limit held back the next poll"
      : end.unread
        ? ', and no poll was answered in time'
        : ''
  const text = `${Subject} was not ${PAST[verb]}: it did not become ${ACCEPTED_WORD[verb]} within 'wait-timeout' (${formatSeconds(told.waitTimeoutMs)}); last status ${shown(end.status)}${why}.`
  if (end.ignored) return { level: 'warning', text: `${text} ${IGNORED}` }
  // A wait whose last read failed is not a conflict: name 'ignore-conflict' only where it helps.
  const helps = !failed && !end.unread
  return { level: 'error', text: `${text} Raise 'wait-timeout'${helps ? `, ${PASS}` : '.'}` }
}

function alreadyLine(policy: StepPolicy, Subject: string, o: WorkflowOutcome, told: Told): Line {
  const text = `${Subject} is already ${shown(o.statusAfter)}, so this step did not ${policy.verb.name} it.`
  if (policy.step !== 'pause') return { level: 'info', text }
  if (told.runAttempt <= 1) return { level: 'notice', text }
  return {
    level: 'warning',
    text: `${Subject} was already paused on attempt ${told.runAttempt}: an earlier attempt may have paused it, and it stays paused after this job. Set 'already-paused: adopt' to take it over.`
  }
}

function conflictLine(
  policy: StepPolicy,
  Subject: string,
  end: Extract<End, { kind: 'conflict' }>,
  told: Told
): Line {
  const { verb } = policy
  const past = PAST[verb.name]
  const status = shown(end.status)
  const kind = end.status === undefined ? undefined : classifyStatus(status)
  if (kind === undefined || kind === verb.accepts) {
    // Refused though it reads as accepted, or unread: something else holds it.
    const said = end.serverMessage ? ` (${quote(end.serverMessage)})` : ''
    const reads =
      kind === undefined ? 'its status could not be read' : `it still reads as ${status}`
    return {
      level: 'error',
      text: `${Subject} was not ${past}: the DialNexa API answered HTTP 409${said}, and ${reads}. ${CHECK}`
    }
  }
  const why =
    kind === 'final'
      ? `it is ${status}, a final status`
      : `it is ${status}, not ${ACCEPTED_WORD[verb.name]}`
  const text = `${Subject} was not ${past}: ${why}.`
  if (end.ignored)
    return {
      level: 'warning',
      text: `${text} ${policy.finalIsWarning && kind === 'final' ? 'Leaving it as it is.' : IGNORED}`
    }
  const mayBePausing = !told.waitForPaused && verb.accepts === 'paused' && kind === 'active'
  const todo = mayBePausing
    ? `Set 'wait-for-paused: true' if another job is pausing it, ${PASS}`
    : capitalise(PASS.slice(3))
  return { level: 'error', text: `${text} ${todo}` }
}

/** A failure that escaped every rule changed nothing: what it was, and what to change. */
function failedText(
  policy: StepPolicy,
  Subject: string,
  end: Extract<End, { kind: 'failed' }>,
  told: Told
): string {
  const said = describeFailure(end.error, end.found)
  // More retries cannot reach a retry that 'wait-timeout' cut off: more time can.
  const todo = end.waitCut ? "Run the step later, or raise 'wait-timeout'." : said.todo
  const n = told.maxRetries
  const retried = end.waitCut
    ? ", and the retry it asked for would end after 'wait-timeout'"
    : !isTransientFailure(end.error)
      ? ''
      : n > 0
        ? `, after ${n} ${plural(n, 'retry', 'retries')}`
        : ", not retried ('max-retries' is 0)"
  // Read last in another status than the one the change needs: something else changed it.
  const { lastStatus } = end
  const moved = lastStatus !== undefined && classifyStatus(lastStatus) !== policy.verb.accepts
  const last = moved ? `; last status ${shown(lastStatus)}` : ''
  return `${Subject} was not ${PAST[policy.verb.name]}: ${said.cause}${retried}${last}. ${todo}`
}
