import { isTransientFailure } from '../api/retry.js'
import { End, lastReadFailed, WorkflowOutcome } from '../core/outcome.js'
import { clip } from '../core/redact.js'
import { classifyStatus } from '../core/status.js'
import { StepPolicy } from '../workflow/policy.js'
import { describeAttempt, describeFailure, quote } from './failure-text.js'
import { outsideLine, previewText } from './hours-text.js'
import { capitalise, formatSeconds, PAST, plural } from './words.js'

/** The settings a sentence may name. */
export interface Told {
  maxRetries: number
  waitForPaused: boolean
  waitTimeoutMs: number
  runAttempt: number
  timeZone?: string
}

export type Line = { level: 'info' | 'notice' | 'warning' | 'error'; text: string }

type EndOf<K extends End['kind']> = Extract<End, { kind: K }>

/** One workflow's end in words: what happened (the workflow, the cause), and what to change. */
type Words = { policy: StepPolicy; Subject: string; past: string; told: Told }

const CHECK = 'Check it in DialNexa before sending it again.'
const PASS = "or set 'ignore-conflict: true' to let the step pass."
const IGNORED = "Continuing: 'ignore-conflict' is true."
const shown = (status: string | undefined): string =>
  status === undefined ? 'unknown' : clip(status, 40)
const info = (text: string): Line => ({ level: 'info', text })
const error = (text: string): Line => ({ level: 'error', text })

export function endLine(policy: StepPolicy, subject: string, o: WorkflowOutcome, told: Told): Line {
  const { end } = o
  const words = { policy, Subject: capitalise(subject), past: PAST[policy.verb.name], told }
  const { Subject, past } = words
  switch (end.kind) {
    case 'changed':
      return info(
        `${capitalise(past)} ${subject}${o.workflowName ? ` (${o.workflowName})` : ''}: status ${shown(o.statusAfter)}.`
      )
    case 'already':
      return alreadyLine(words, o.statusAfter)
    case 'adopted':
      return info(`${Subject} was already paused; adopted, so the end of the job resumes it.`)
    case 'preview':
      return info(previewText(policy, subject, end, told, o.statusAfter))
    case 'outside-hours':
      return outsideLine(Subject, end, told)
    case 'conflict':
      return conflictLine(words, end)
    case 'wait-timeout':
      return waitTimeoutLine(words, end)
    case 'not-applied': {
      // A record-less answer says no status: the status is what reading it back showed.
      const answered = end.recordlessCode
        ? `HTTP ${end.recordlessCode} without a record, and it reads as ${shown(end.status)}`
        : `with status ${shown(end.status)}`
      return error(
        `${Subject} was not ${past}: the DialNexa API answered ${answered}. Check it in DialNexa.`
      )
    }
    case 'pending': {
      const cause = end.answer
        ? describeFailure(end.answer).cause
        : `the DialNexa API answered HTTP ${end.statusCode}`
      return error(
        `${Subject} may still be ${past}: ${cause}, and it still reads as ${shown(end.status)}. ${CHECK}`
      )
    }
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
      return error(failedText(words, end))
  }
}

function alreadyLine({ policy, Subject, told }: Words, status: string | undefined): Line {
  const text = `${Subject} is already ${shown(status)}, so this step did not ${policy.verb.name} it.`
  if (policy.step !== 'pause') return { level: 'info', text }
  if (told.runAttempt <= 1) return { level: 'notice', text }
  return {
    level: 'warning',
    text: `${Subject} was already paused on attempt ${told.runAttempt}: an earlier attempt may have paused it, and it stays paused after this job. Set 'already-paused: adopt' to take it over.`
  }
}

function waitTimeoutLine({ policy, Subject, past, told }: Words, end: EndOf<'wait-timeout'>): Line {
  const failed = lastReadFailed(end.stop)
  const why = failed
    ? `, and the last read failed (${describeAttempt(failed)})`
    : end.stop.cause === 'rate-limit'
      ? ", and the API key's rate limit held back the next poll"
      : end.unread
        ? ', and no poll was answered in time'
        : ''
  const text = `${Subject} was not ${past}: it did not become ${policy.verb.accepts} within 'wait-timeout' (${formatSeconds(told.waitTimeoutMs)}); last status ${shown(end.status)}${why}.`
  if (end.ignored) return { level: 'warning', text: `${text} ${IGNORED}` }
  // A wait whose last read failed is not a conflict: name 'ignore-conflict' only where it helps.
  const helps = !failed && !end.unread
  return error(`${text} Raise 'wait-timeout'${helps ? `, ${PASS}` : '.'}`)
}

function conflictLine({ policy, Subject, past, told }: Words, end: EndOf<'conflict'>): Line {
  const { verb } = policy
  const status = shown(end.status)
  const kind = end.status === undefined ? undefined : classifyStatus(status)
  if (kind === undefined || kind === verb.accepts) {
    // Refused though it reads as accepted, or unread: something else holds it.
    const said = end.serverMessage ? ` (${quote(end.serverMessage)})` : ''
    const reads =
      kind === undefined ? 'its status could not be read' : `it still reads as ${status}`
    return error(
      `${Subject} was not ${past}: the DialNexa API answered HTTP 409${said}, and ${reads}. ${CHECK}`
    )
  }
  const why =
    kind === 'final' ? `it is ${status}, a final status` : `it is ${status}, not ${verb.accepts}`
  const text = `${Subject} was not ${past}: ${why}.`
  if (end.ignored) {
    const then = policy.finalIsWarning && kind === 'final' ? 'Leaving it as it is.' : IGNORED
    return { level: 'warning', text: `${text} ${then}` }
  }
  const mayBePausing = !told.waitForPaused && verb.accepts === 'paused' && kind === 'active'
  const todo = mayBePausing
    ? `Set 'wait-for-paused: true' if another job is pausing it, ${PASS}`
    : capitalise(PASS.slice(3))
  return error(`${text} ${todo}`)
}

/** A failure that escaped every rule changed nothing: what it was, and what to change. */
function failedText({ policy, Subject, past, told }: Words, end: EndOf<'failed'>): string {
  const said = describeFailure(end.error, end.found)
  const n = told.maxRetries
  // More retries cannot reach a retry that 'wait-timeout' cut off: more time can.
  const retried = end.waitCut
    ? ", and the retry it asked for would end after 'wait-timeout'"
    : !isTransientFailure(end.error)
      ? ''
      : n > 0
        ? `, after ${n} ${plural(n, 'retry', 'retries')}`
        : ", not retried ('max-retries' is 0)"
  const todo = end.waitCut ? "Run the step later, or raise 'wait-timeout'." : said.todo
  // Read last in another status than the one the change needs: something else changed it.
  const { lastStatus } = end
  const moved = lastStatus !== undefined && classifyStatus(lastStatus) !== policy.verb.accepts
  const last = moved ? `; last status ${shown(lastStatus)}` : ''
  return `${Subject} was not ${past}: ${said.cause}${retried}${last}. ${todo}`
}
