import { endLine, Told } from '../src/action/messages.js'
import { detailLine, eventLine, retryLine } from '../src/action/progress.js'
import { resultText } from '../src/action/summary.js'
import { subjectFor } from '../src/action/words.js'
import { RetryWait } from '../src/api/client.js'
import { ApiFailure } from '../src/core/failure.js'
import { End, WorkflowOutcome } from '../src/core/outcome.js'
import { PAUSE_STEP, POST_STEP, RESUME_STEP, StepPolicy } from '../src/workflow/policy.js'
import {
  already,
  ALREADY_PAUSED,
  answered,
  ATTEMPT,
  CANCELLED,
  CHANGED,
  CONFLICT,
  DETAIL,
  EVENT,
  FAILED,
  NOT_APPLIED,
  pending,
  quoted,
  RESULT,
  RETRY,
  TODO,
  UNKNOWN,
  WAIT_TIMEOUT
} from './fixtures/messages.js'

/** Every sentence about one workflow's run, from its outcome: the words come from the fixture. */

const told: Told = {
  maxRetries: 3,
  waitForPaused: false,
  waitTimeoutMs: 600_000,
  runAttempt: 1
}
const outcome = (end: End, facts: Partial<WorkflowOutcome> = {}): WorkflowOutcome => ({
  workflowId: 'w',
  requests: 1,
  waits: 0,
  durationMs: 5,
  end,
  ...facts
})
const line = (
  policy: StepPolicy,
  subject: string,
  end: End,
  facts: Partial<WorkflowOutcome> = {},
  settings: Partial<Told> = {}
) => endLine(policy, subject, outcome(end, facts), { ...told, ...settings })
const http = (statusCode: number, more: Partial<ApiFailure> = {}): ApiFailure => ({
  kind: 'http',
  workflowId: 'w',
  statusCode,
  ...more
})
const conflict = (status: string | undefined, ignored: boolean, serverMessage?: string): End => ({
  kind: 'conflict',
  status,
  ignored,
  ...(serverMessage !== undefined && { serverMessage })
})

describe('subjectFor', () => {
  it('names the workflow by ID unless a title or prefix already does', () => {
    expect(subjectFor('wfl_1', false)).toBe('workflow wfl_1')
    expect(subjectFor('wfl_1', true)).toBe('the workflow')
  })
})

describe('endLine of a change', () => {
  it('names the workflow, its name and its status', () => {
    const changed: End = { kind: 'changed', confirmedBy: 'answer', at: 0 }
    const facts = { workflowName: 'Nurture', statusAfter: 'active' }
    expect(line(RESUME_STEP, 'workflow wfl_p', changed, facts)).toEqual({
      level: 'info',
      text: CHANGED('resume', 'workflow wfl_p', 'Nurture', 'active')
    })
    expect(line(PAUSE_STEP, 'workflow wfl_a', changed, { statusAfter: 'paused' })).toEqual({
      level: 'info',
      text: CHANGED('pause', 'workflow wfl_a', undefined, 'paused')
    })
  })

  it.each([
    'answer',
    'read-back',
    'read-back-after-recordless-answer',
    'check-after-cancel'
  ] as const)(
    'says how a change was confirmed (%s) in the debug line, not in the line itself',
    confirmedBy => {
      const changed = outcome({ kind: 'changed', confirmedBy, at: 0 }, { statusAfter: 'active' })
      expect(endLine(RESUME_STEP, 'workflow w', changed, told).text).toBe(
        CHANGED('resume', 'workflow w', undefined, 'active')
      )
      expect(detailLine(changed)).toBe(DETAIL.confirmed[confirmedBy])
    }
  )

  it('says the workflow was already in the status, as a notice for the pause step only', () => {
    expect(line(PAUSE_STEP, 'workflow w', { kind: 'already' }, { statusAfter: 'paused' })).toEqual({
      level: 'notice',
      text: already('pause', 'workflow w', 'paused')
    })
    expect(
      line(POST_STEP, 'the workflow', { kind: 'already' }, { statusAfter: 'running' })
    ).toEqual({
      level: 'info',
      text: already('resume', 'the workflow', 'running')
    })
  })

  it('warns on a re-run that a paused workflow stays paused, naming already-paused', () => {
    const facts = { statusAfter: 'paused' }
    expect(line(PAUSE_STEP, 'workflow w', { kind: 'already' }, facts, { runAttempt: 2 })).toEqual({
      level: 'warning',
      text: ALREADY_PAUSED.onReRun('workflow w', 2)
    })
    expect(line(PAUSE_STEP, 'workflow w', { kind: 'adopted', at: 0 })).toEqual({
      level: 'info',
      text: ALREADY_PAUSED.adopted('workflow w')
    })
  })
})

describe('endLine of a conflict', () => {
  it('fails an active workflow, suggesting wait-for-paused beside ignore-conflict', () => {
    expect(line(RESUME_STEP, 'workflow wfl_1', conflict('active', false))).toEqual({
      level: 'error',
      text: `${CONFLICT.notAccepted('resume', 'workflow wfl_1', 'active')} ${CONFLICT.orWaitForPaused}`
    })
  })

  it('does not suggest wait-for-paused when the step already waited, or the status is not active', () => {
    const waited = line(
      RESUME_STEP,
      'workflow w',
      conflict('active', false),
      {},
      { waitForPaused: true }
    )
    const draft = line(RESUME_STEP, 'workflow w', conflict('draft', false))
    expect(waited.text).toBe(
      `${CONFLICT.notAccepted('resume', 'workflow w', 'active')} ${CONFLICT.letPass}`
    )
    expect(draft.text).toBe(
      `${CONFLICT.notAccepted('resume', 'workflow w', 'draft')} ${CONFLICT.letPass}`
    )
  })

  it('after a 409, never says "is not paused" of a workflow that reads as paused, or unread', () => {
    expect(line(RESUME_STEP, 'workflow wfl_1', conflict('Paused', false))).toEqual({
      level: 'error',
      text: `${CONFLICT.stillReads('resume', 'workflow wfl_1', 'Paused')} ${CONFLICT.checkFirst}`
    })
    expect(line(RESUME_STEP, 'workflow wfl_1', conflict(undefined, false))).toEqual({
      level: 'error',
      text: `${CONFLICT.unread('resume', 'workflow wfl_1')} ${CONFLICT.checkFirst}`
    })
  })

  it("quotes the API's own words for a 409 it gave while the workflow reads as accepted", () => {
    expect(
      line(RESUME_STEP, 'workflow w', conflict('paused', false, 'Locked by an import'))
    ).toEqual({
      level: 'error',
      text: `${CONFLICT.stillReads('resume', 'workflow w', 'paused', quoted('Locked by an import'))} ${CONFLICT.checkFirst}`
    })
  })

  it('never turns such a 409 into a warning, whatever ignore-conflict says', () => {
    // judgeConflict never ignores it (issue 16); the words do not either, were it asked to.
    expect(line(PAUSE_STEP, 'the workflow', conflict('running', true))).toEqual({
      level: 'error',
      text: `${CONFLICT.stillReads('pause', 'the workflow', 'running')} ${CONFLICT.checkFirst}`
    })
    expect(line(RESUME_STEP, 'workflow w', conflict(undefined, true))).toEqual({
      level: 'error',
      text: `${CONFLICT.unread('resume', 'workflow w')} ${CONFLICT.checkFirst}`
    })
  })

  it('turns into a warning with ignore-conflict, not repeating the ID a title gives', () => {
    expect(line(RESUME_STEP, 'workflow wfl_1', conflict('draft', true))).toEqual({
      level: 'warning',
      text: `${CONFLICT.notAccepted('resume', 'workflow wfl_1', 'draft')} ${CONFLICT.ignored}`
    })
    const titled = line(RESUME_STEP, 'the workflow', conflict('active', true)).text
    expect(titled).toBe(
      `${CONFLICT.notAccepted('resume', 'the workflow', 'active')} ${CONFLICT.ignored}`
    )
  })

  it.each(['completed', 'cancelled'])('says a %s workflow is in a final status', status => {
    expect(line(RESUME_STEP, 'workflow w', conflict(status, false)).text).toBe(
      `${CONFLICT.final('resume', 'workflow w', status)} ${CONFLICT.letPass}`
    )
  })

  it('clips the status the server sent', () => {
    const status = `x\n::error::${'y'.repeat(100)}`
    expect(line(RESUME_STEP, 'workflow w', conflict(status, true)).text).toBe(
      `${CONFLICT.notAccepted('resume', 'workflow w', `x ::error::${'y'.repeat(29)}…`)} ${CONFLICT.ignored}`
    )
  })

  it('leaves a workflow that became final alone in the post step, with a warning', () => {
    expect(line(POST_STEP, 'workflow w', conflict('cancelled', true))).toEqual({
      level: 'warning',
      text: `${CONFLICT.final('resume', 'workflow w', 'cancelled')} ${CONFLICT.leftAlone}`
    })
  })

  it('speaks of the pause verb in its own words', () => {
    expect(line(PAUSE_STEP, 'workflow w', conflict('cancelled', false)).text).toBe(
      `${CONFLICT.final('pause', 'workflow w', 'cancelled')} ${CONFLICT.letPass}`
    )
    // Only a resume waits for another job's pause.
    expect(line(PAUSE_STEP, 'workflow w', conflict('draft', false)).text).toBe(
      `${CONFLICT.notAccepted('pause', 'workflow w', 'draft')} ${CONFLICT.letPass}`
    )
  })
})

describe('endLine of a wait that ran out', () => {
  const timeout = (
    stop: Extract<End, { kind: 'wait-timeout' }>['stop'],
    waitedMs: number,
    ignored = false,
    status = 'active'
  ): End => ({ kind: 'wait-timeout', status, waitedMs, stop, ignored })
  const waited = (end: End, waitedMs: number) => outcome(end, { waitedMs })

  it('fails with the last status seen and both ways out; the time waited goes to the debug line', () => {
    const end = timeout({ cause: 'no-poll-left' }, 598_000)
    expect(line(RESUME_STEP, 'workflow wfl_1', end)).toEqual({
      level: 'error',
      text: `${WAIT_TIMEOUT.line('resume', 'workflow wfl_1', '600 s', 'active')} ${WAIT_TIMEOUT.raise}`
    })
    expect(detailLine(waited(end, 598_000))).toBe(DETAIL.stopped('598 s', DETAIL.STOP.noPollLeft))
  })

  it('is a conflict that ignore-conflict turns into a warning', () => {
    expect(
      line(RESUME_STEP, 'the workflow', timeout({ cause: 'no-poll-left' }, 598_000, true))
    ).toEqual({
      level: 'warning',
      text: `${WAIT_TIMEOUT.line('resume', 'the workflow', '600 s', 'active')} ${WAIT_TIMEOUT.ignored}`
    })
  })

  const short = { waitTimeoutMs: 5000 }

  it.each([
    [
      'a read failed',
      { cause: 'read-failed', error: http(503) } as const,
      WAIT_TIMEOUT.lastReadFailed(ATTEMPT.serverError(503)),
      DETAIL.STOP.readFailed(ATTEMPT.serverError(503))
    ],
    [
      "a poll ran out its own 'request-timeout'",
      { cause: 'read-failed', error: { kind: 'timeout', workflowId: 'w' } } as const,
      WAIT_TIMEOUT.lastReadFailed(ATTEMPT.ownTimeout),
      DETAIL.STOP.readFailed(ATTEMPT.ownTimeout)
    ],
    [
      "the wait's end cut a retry short",
      { cause: 'cut-short', retried: http(503) } as const,
      WAIT_TIMEOUT.lastReadFailed(ATTEMPT.serverError(503)),
      DETAIL.STOP.cutShortRetrying(ATTEMPT.serverError(503))
    ]
  ])(
    'fails a wait whose last read failed (%s), saying so, and names only the input that helps',
    (_why, stop, lastReadFailed, why) => {
      // A failure, not a conflict: run.ts never lets ignore-conflict pass it.
      const end = timeout(stop, 4000, false, 'draft')
      expect(line(RESUME_STEP, 'workflow w', end, {}, short)).toEqual({
        level: 'error',
        text: `${WAIT_TIMEOUT.line('resume', 'workflow w', '5 s', 'draft', lastReadFailed)} ${WAIT_TIMEOUT.raiseOnly}`
      })
      expect(detailLine(waited(end, 4000))).toBe(DETAIL.stopped('4 s', why))
    }
  )

  it.each([
    [
      "the wait's end cut the last poll short",
      { cause: 'cut-short' } as const,
      '',
      DETAIL.STOP.cutShort
    ],
    [
      'the rate limit held the next poll back',
      { cause: 'rate-limit' } as const,
      WAIT_TIMEOUT.rateLimited,
      DETAIL.STOP.rateLimit
    ]
  ])(
    'says why a wait that read its last status stopped short of wait-timeout (%s)',
    (_why, stop, said, why) => {
      const strict = timeout(stop, 4000, false, 'draft')
      expect(line(RESUME_STEP, 'workflow w', strict, {}, short).text).toBe(
        `${WAIT_TIMEOUT.line('resume', 'workflow w', '5 s', 'draft', said)} ${WAIT_TIMEOUT.raise}`
      )
      expect(
        line(RESUME_STEP, 'workflow w', timeout(stop, 4000, true, 'draft'), {}, short)
      ).toEqual({
        level: 'warning',
        text: `${WAIT_TIMEOUT.line('resume', 'workflow w', '5 s', 'draft', said)} ${WAIT_TIMEOUT.ignored}`
      })
      expect(detailLine(waited(strict, 4000))).toBe(DETAIL.stopped('4 s', why))
    }
  )

  it('never blames the API for a poll the wait cut short', () => {
    const end = timeout({ cause: 'cut-short' }, 5000)
    const text = line(RESUME_STEP, 'workflow w', end, {}, short).text
    expect(text).toBe(
      `${WAIT_TIMEOUT.line('resume', 'workflow w', '5 s', 'active')} ${WAIT_TIMEOUT.raise}`
    )
    expect(text).not.toMatch(/fail|DialNexa API/)
    expect(detailLine(waited(end, 5000))).toBe(DETAIL.stopped('5 s', DETAIL.STOP.cutShort))
  })
})

describe('endLine of a change that did not apply, or may have', () => {
  it('fails a 2xx whose record is not in the changed status, saying what the API returned', () => {
    expect(line(RESUME_STEP, 'workflow wfl_1', { kind: 'not-applied', status: 'paused' })).toEqual({
      level: 'error',
      text: NOT_APPLIED.answered('resume', 'workflow wfl_1', 'paused')
    })
  })

  it('reports an answer without a record by what reading it back showed, blaming no proxy', () => {
    const { text } = line(RESUME_STEP, 'workflow wfl_1', {
      kind: 'not-applied',
      status: 'paused',
      recordlessCode: 204
    })
    expect(text).toBe(NOT_APPLIED.recordless('resume', 'workflow wfl_1', 204, 'paused'))
    expect(text).not.toContain('proxy')
  })

  it('says an unclear answer read back in the old status may still apply', () => {
    expect(
      line(RESUME_STEP, 'workflow wfl_1', { kind: 'pending', status: 'paused', statusCode: 202 })
    ).toEqual({ level: 'error', text: pending('resume', 'workflow wfl_1', 202, 'paused') })
  })

  it('says what a check after a cancellation showed, and that it may still take effect', () => {
    expect(line(RESUME_STEP, 'workflow wfl_1', { kind: 'cancelled', status: 'paused' })).toEqual({
      level: 'error',
      text: CANCELLED.inFlight('resume', 'workflow wfl_1', 'paused')
    })
  })

  it('reports a cancellation before any change in the verb’s words', () => {
    expect(line(RESUME_STEP, 'workflow w', { kind: 'cancelled' }).text).toBe(
      CANCELLED.before('resume', 'workflow w')
    )
    expect(line(PAUSE_STEP, 'the workflow', { kind: 'cancelled' }).text).toBe(
      CANCELLED.before('pause', 'the workflow')
    )
  })

  it.each([
    [
      'cancelled',
      { kind: 'timeout', workflowId: 'w' },
      UNKNOWN.cancelled('resume', 'workflow wfl_1', ATTEMPT.ownTimeout)
    ],
    [
      'unanswered',
      http(502),
      UNKNOWN.unanswered('resume', 'workflow wfl_1', ATTEMPT.serverError(502))
    ],
    [
      'recordless-answer',
      { kind: 'invalid-response', workflowId: 'w', statusCode: 204 },
      UNKNOWN.recordless('resume', 'workflow wfl_1', ATTEMPT.recordless(204))
    ]
  ] as const)('says "may have been resumed" when nothing could tell (%s)', (cause, error, text) => {
    expect(line(RESUME_STEP, 'workflow wfl_1', { kind: 'unknown', cause, error })).toEqual({
      level: 'error',
      text
    })
  })
})

describe('endLine of a failure', () => {
  const failed = (error: ApiFailure, lastStatus?: string, found = false): End => ({
    kind: 'failed',
    error,
    found,
    lastStatus
  })
  const limited = { cause: answered(429), todo: TODO[429] }

  it('counts the retries spent only in the final error, as the retry lines count them', () => {
    expect(line(RESUME_STEP, 'workflow w', failed(http(429)))).toEqual({
      level: 'error',
      text: FAILED.line('resume', 'workflow w', limited, FAILED.afterRetries(3))
    })
    expect(line(RESUME_STEP, 'workflow w', failed(http(429)), {}, { maxRetries: 1 }).text).toBe(
      FAILED.line('resume', 'workflow w', limited, FAILED.afterRetries(1))
    )
    // None spent: 'max-retries' is the input to change.
    expect(line(RESUME_STEP, 'workflow w', failed(http(429)), {}, { maxRetries: 0 }).text).toBe(
      FAILED.line('resume', 'workflow w', limited, FAILED.notRetried)
    )
  })

  it('says a retry the API asked for would have ended after wait-timeout, and to raise it', () => {
    const cut: End = { kind: 'failed', error: http(429), found: true, waitCut: true }
    expect(line(RESUME_STEP, 'workflow w', cut).text).toBe(
      FAILED.line(
        'resume',
        'workflow w',
        { cause: limited.cause, todo: FAILED.waitCutTodo },
        FAILED.waitCut
      )
    )
  })

  it('ends a server error with what to do, and the status it was last read in if it moved', () => {
    const outage = { cause: answered(503), todo: TODO.server }
    expect(
      line(RESUME_STEP, 'workflow w', failed(http(503), 'cancelled'), {}, { maxRetries: 2 }).text
    ).toBe(FAILED.line('resume', 'workflow w', outage, FAILED.afterRetries(2), 'cancelled'))
    expect(line(PAUSE_STEP, 'the workflow', failed(http(503)), {}, { maxRetries: 0 }).text).toBe(
      FAILED.line('pause', 'the workflow', outage, FAILED.notRetried)
    )
  })

  it('names the workflow through the subject, once, and counts no retries for a 404', () => {
    const text = line(RESUME_STEP, 'the workflow', failed(http(404, { workflowId: 'wfl_9' }))).text
    expect(text).toBe(
      FAILED.line('resume', 'the workflow', { cause: answered(404), todo: TODO.route })
    )
    expect(text).not.toContain('wfl_9')
  })

  it('calls a 404 for a workflow read earlier a likely deletion, not a wrong workflow-id', () => {
    const notFound = http(404, { serverMessage: 'Workflow w not found', verb: 'resume' })
    const cause = answered(404, quoted('Workflow w not found'))
    // Last read as paused, as the resume needs: "was not resumed" says all there is.
    expect(line(RESUME_STEP, 'workflow w', failed(notFound, 'paused', true)).text).toBe(
      FAILED.line('resume', 'workflow w', { cause, todo: TODO.deleted })
    )
    expect(line(RESUME_STEP, 'workflow w', failed(notFound)).text).toBe(
      FAILED.line('resume', 'workflow w', { cause, todo: TODO[404] })
    )
  })

  it('uses a bug’s own message, on one clipped line, and asks for a report', () => {
    const bug: End = {
      kind: 'failed',
      error: { kind: 'unexpected', message: 'a\nb' },
      found: false
    }
    expect(line(RESUME_STEP, 'workflow w', bug).text).toBe(
      FAILED.line('resume', 'workflow w', { cause: 'a b', todo: TODO.bug })
    )
  })
})

describe('eventLine', () => {
  it('tells the wait as it goes', () => {
    expect(
      eventLine('workflow wfl_a', { type: 'waiting', pollIntervalMs: 1000, leftMs: 60_000 })
    ).toBe(EVENT.waiting('workflow wfl_a', '1 s', '60 s'))
    expect(eventLine('workflow wfl_a', { type: 'status', status: 'paused' })).toBe(
      EVENT.status('paused')
    )
    expect(
      eventLine('workflow wfl_a', {
        type: 'still-waiting',
        status: 'active',
        waitedMs: 30_000,
        leftMs: 569_600
      })
    ).toBe(EVENT.stillWaiting('active', '30 s', '570 s'))
  })
})

describe('retryLine', () => {
  const wait = (more: Partial<RetryWait>): RetryWait => ({
    call: 'resume',
    delayMs: 1000,
    waitNumber: 1,
    next: 'send',
    ...more
  })

  it('says what happened and when the next attempt comes, nothing else', () => {
    const limitedBy = http(429, { serverMessage: 'Too many requests' })
    expect(retryLine(wait({ cause: limitedBy, delayMs: 20_000 }), 3)).toBe(
      RETRY.failed('the resume request', ATTEMPT.rateLimited, 1, 3, RETRY.sendAgain('20 s'))
    )
    expect(
      retryLine(
        wait({
          call: 'read',
          cause: { kind: 'timeout', workflowId: 'w' },
          delayMs: 1500,
          waitNumber: 2
        }),
        3
      )
    ).toBe(RETRY.failed('the status read', ATTEMPT.ownTimeout, 2, 3, RETRY.sendAgain('1.5 s')))
    const reset: ApiFailure = {
      kind: 'network',
      workflowId: 'w',
      network: { cause: 'reset', code: 'ECONNRESET', where: 'api.dialnexa.com:443' }
    }
    expect(retryLine(wait({ call: 'pause', cause: reset, waitNumber: 3 }), 3)).toBe(
      RETRY.failed(
        'the pause request',
        ATTEMPT.reset('api.dialnexa.com:443'),
        3,
        3,
        RETRY.sendAgain('1 s')
      )
    )
  })

  it('after an unanswered change, says a read-back comes next, not a resend', () => {
    const timeout: ApiFailure = { kind: 'timeout', workflowId: 'w' }
    expect(retryLine(wait({ cause: timeout, next: 'check-then-send' }), 1)).toBe(
      RETRY.failed('the resume request', ATTEMPT.ownTimeout, 1, 1, RETRY.checkThenSend('1 s'))
    )
  })

  it('says the request waits for the rate limit, numbered as a wait, and when it comes', () => {
    expect(retryLine(wait({ delayMs: 1310, waitNumber: 2 }), 3)).toBe(
      RETRY.held('the resume request', 2, 3, RETRY.send('1.31 s'))
    )
    expect(retryLine(wait({ delayMs: 2000, next: 'check-then-send' }), 1)).toBe(
      RETRY.held('the resume request', 1, 1, RETRY.checkThenSend('2 s'))
    )
  })
})

describe('detailLine', () => {
  it('has nothing to add to any other end', () => {
    expect(detailLine(outcome({ kind: 'already' }))).toBeUndefined()
    expect(detailLine(outcome(conflict('active', false)))).toBeUndefined()
  })
})

describe('resultText', () => {
  it.each([
    'changed',
    'already',
    'conflict-ignored',
    'failed',
    'cancelled',
    'unknown',
    'preview',
    'skipped'
  ] as const)('gives the result %s a word for each verb', result => {
    expect(resultText(RESUME_STEP, result)).toBe(RESULT.resume[result])
    expect(resultText(POST_STEP, result)).toBe(RESULT.resume[result])
    expect(resultText(PAUSE_STEP, result)).toBe(RESULT.pause[result])
  })
})
