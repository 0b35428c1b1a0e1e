import { DialNexaApiError } from '../src/api/errors.js'
import { CancelledError } from '../src/core/cancellation.js'
import { PAUSE, RESUME } from '../src/core/verb.js'
import { confirmationNote, judgeChange, workflowFailure } from '../src/action/change-verdict.js'
import { judgeConflict, judgeWaitTimeout } from '../src/action/conflict.js'
import { holdWarning, retryWarning } from '../src/action/retry-warning.js'
import { subjectFor } from '../src/action/subject.js'
import { WaitTimeoutError } from '../src/workflow/wait.js'

const strict = { ignoreConflict: false, waited: false }
const lenient = { ignoreConflict: true, waited: false }

describe('subjectFor', () => {
  it('names the workflow by ID unless a title or prefix already does', () => {
    expect(subjectFor('wfl_1', false)).toBe('workflow wfl_1')
    expect(subjectFor('wfl_1', true)).toBe('the workflow')
  })
})

describe('judgeConflict', () => {
  it('fails an active workflow, suggesting wait-for-paused beside ignore-conflict', () => {
    expect(judgeConflict(RESUME, 'workflow wfl_1', 'active', strict)).toEqual({
      result: 'failed',
      error:
        "Workflow wfl_1 is not paused, so it was not resumed: its current status is active. If another job may still be pausing it, set 'wait-for-paused: true'; or set 'ignore-conflict: true' to let the step succeed in this case."
    })
  })

  it('does not suggest wait-for-paused when the step already waited, or the status is not active', () => {
    const waited = judgeConflict(RESUME, 'workflow w', 'active', { ...strict, waited: true })
    const draft = judgeConflict(RESUME, 'workflow w', 'draft', strict)
    for (const verdict of [waited, draft]) {
      expect(verdict.result === 'failed' && verdict.error).toMatch(
        /\. Set 'ignore-conflict: true' to let the step succeed in this case\.$/
      )
    }
  })

  it('after a 409, never says "is not paused" of a workflow that reads as paused, or unread', () => {
    expect(judgeConflict(RESUME, 'workflow wfl_1', 'Paused', strict)).toEqual({
      result: 'failed',
      error:
        'The DialNexa API refused to resume workflow wfl_1 with a conflict (HTTP 409), though it still reads as Paused: another change to it may be under way. Check it in DialNexa before running the step again.'
    })
    expect(judgeConflict(PAUSE, 'the workflow', 'running', lenient)).toEqual({
      result: 'conflict-ignored',
      warning:
        "The DialNexa API refused to pause the workflow with a conflict (HTTP 409), though it still reads as running: another change to it may be under way. Continuing because 'ignore-conflict' is true."
    })
    expect(judgeConflict(RESUME, 'workflow wfl_1', undefined, strict)).toEqual({
      result: 'failed',
      error:
        'The DialNexa API refused to resume workflow wfl_1 with a conflict (HTTP 409), and its status could not be read. Check it in DialNexa before running the step again.'
    })
  })

  it('turns into a warning with ignore-conflict', () => {
    expect(judgeConflict(RESUME, 'workflow wfl_1', 'draft', lenient)).toEqual({
      result: 'conflict-ignored',
      warning:
        "Workflow wfl_1 is not paused, so it was not resumed: its current status is draft. Continuing because 'ignore-conflict' is true."
    })
  })

  it('does not repeat the ID where a title or prefix gives it', () => {
    const verdict = judgeConflict(RESUME, 'the workflow', 'active', lenient)
    expect(verdict.result === 'conflict-ignored' && verdict.warning).toMatch(
      /^The workflow is not paused, so it was not resumed: its current status is active\./
    )
  })

  it.each(['completed', 'cancelled'])('says a %s workflow can never change', status => {
    const verdict = judgeConflict(RESUME, 'workflow w', status, strict)
    expect(verdict.result === 'failed' && verdict.error).toContain(
      `it is ${status}, a final status, and can never be resumed`
    )
  })

  it('says so when the status is unknown, and clips server text', () => {
    expect(judgeConflict(RESUME, 'workflow w', undefined, lenient)).toMatchObject({
      warning: expect.stringContaining('and its status could not be read.')
    })
    const verdict = judgeConflict(RESUME, 'workflow w', `x\n::error::${'y'.repeat(100)}`, lenient)
    expect(verdict.result === 'conflict-ignored' && verdict.warning).toMatch(
      /its current status is x ::error::y{29}…\. /
    )
  })

  it('with acceptAlready, calls the status the verb produces a success, legacy running too', () => {
    const already = { ...strict, acceptAlready: true }
    expect(judgeConflict(PAUSE, 'workflow w', 'paused', already)).toEqual({
      result: 'already',
      note: 'Workflow w is already paused, so this step did not pause it.'
    })
    expect(judgeConflict(RESUME, 'the workflow', 'running', already)).toEqual({
      result: 'already',
      note: 'The workflow is already running, so this step did not resume it.'
    })
    expect(judgeConflict(PAUSE, 'workflow w', 'draft', already).result).toBe('failed')
    expect(judgeConflict(PAUSE, 'workflow w', 'paused', strict).result).toBe('failed')
  })

  it('with finalIsWarning, warns about a final status only, whatever ignore-conflict says', () => {
    const rules = { ...strict, finalIsWarning: true }
    expect(judgeConflict(RESUME, 'workflow w', 'cancelled', rules)).toEqual({
      result: 'conflict-ignored',
      warning:
        'Workflow w is not paused, so it was not resumed: it is cancelled, a final status, and can never be resumed. Leaving it as it is.'
    })
    expect(judgeConflict(RESUME, 'workflow w', 'draft', rules).result).toBe('failed')
  })

  it('with undoesOwnChange, fails a refusal that may leave the workflow unchanged, whatever ignore-conflict says', () => {
    const rules = { ...lenient, undoesOwnChange: true }
    for (const status of ['paused', undefined]) {
      const verdict = judgeConflict(RESUME, 'workflow w', status, rules)
      expect(verdict.result).toBe('failed')
      expect(verdict.result === 'failed' && verdict.error).toMatch(
        / Check it in DialNexa before running the step again\.$/
      )
    }
    // Not left as this job left it: ignore-conflict still applies.
    expect(judgeConflict(RESUME, 'workflow w', 'draft', rules).result).toBe('conflict-ignored')
  })

  it('speaks of the pause verb in its own words', () => {
    const verdict = judgeConflict(PAUSE, 'workflow w', 'cancelled', strict)
    expect(verdict.result === 'failed' && verdict.error).toMatch(
      /^Workflow w is not active, so it was not paused: it is cancelled, a final status, and can never be paused\./
    )
    const paused = judgeConflict(PAUSE, 'workflow w', 'paused', strict)
    expect(paused.result === 'failed' && paused.error).not.toContain('wait-for-paused')
  })
})

describe('judgeWaitTimeout', () => {
  const timeout = new WaitTimeoutError('active', 598_000)
  const limits = { timeoutMs: 600_000, pollIntervalMs: 10_000 }

  it('fails with the last status seen, the time waited and both ways out', () => {
    expect(judgeWaitTimeout(RESUME, 'workflow wfl_1', timeout, limits, false)).toEqual({
      result: 'failed',
      error:
        "Workflow wfl_1 did not become paused within 'wait-timeout' (600 s), so it was not resumed: the last status seen was active. It stopped waiting after 598 s, as the next poll ('poll-interval', 10 s) would have come after 'wait-timeout' ended. Raise 'wait-timeout' if pausing takes longer, or set 'ignore-conflict: true' to let the step succeed in this case."
    })
  })

  it('is a conflict that ignore-conflict turns into a warning', () => {
    expect(judgeWaitTimeout(RESUME, 'the workflow', timeout, limits, true)).toEqual({
      result: 'conflict-ignored',
      warning:
        "The workflow did not become paused within 'wait-timeout' (600 s), so it was not resumed: the last status seen was active. It stopped waiting after 598 s, as the next poll ('poll-interval', 10 s) would have come after 'wait-timeout' ended. Continuing because 'ignore-conflict' is true."
    })
  })

  it('says what the last read ran into when a poll could not finish in time', () => {
    const lastError = new DialNexaApiError({ kind: 'http', workflowId: 'w', statusCode: 503 })
    const verdict = judgeWaitTimeout(
      RESUME,
      'workflow w',
      new WaitTimeoutError('draft', 4000, lastError),
      { timeoutMs: 5000, pollIntervalMs: 1000 },
      true
    )
    expect(verdict.result === 'conflict-ignored' && verdict.warning).toContain(
      "the last status seen was draft. The last read failed: HTTP 503 (server error); it stopped waiting after 4 s, as another attempt would have come after 'wait-timeout' ended."
    )
  })

  it("says the wait's end cut the last poll short, not that the API was slow", () => {
    const cut = new DialNexaApiError({ kind: 'timeout', workflowId: 'w', cutByDeadline: true })
    const verdict = judgeWaitTimeout(
      RESUME,
      'workflow w',
      new WaitTimeoutError('active', 5000, cut),
      { timeoutMs: 5000, pollIntervalMs: 1000 },
      false
    )
    expect(verdict).toEqual({
      result: 'failed',
      error:
        "Workflow w did not become paused within 'wait-timeout' (5 s), so it was not resumed: the last status seen was active. It stopped waiting after 5 s: the last poll's answer had not come when 'wait-timeout' ended. Raise 'wait-timeout' if pausing takes longer, or set 'ignore-conflict: true' to let the step succeed in this case."
    })
  })

  it("keeps 'no answer in time' for a poll that ran out its own 'request-timeout'", () => {
    const slow = new DialNexaApiError({ kind: 'timeout', workflowId: 'w' })
    const verdict = judgeWaitTimeout(
      RESUME,
      'workflow w',
      new WaitTimeoutError('active', 4000, slow),
      { timeoutMs: 5000, pollIntervalMs: 1000 },
      true
    )
    expect(verdict.result === 'conflict-ignored' && verdict.warning).toContain(
      "The last read failed: no answer in time; it stopped waiting after 4 s, as another attempt would have come after 'wait-timeout' ended."
    )
  })
})

describe('judgeChange', () => {
  const record = (status: string) => ({ id: 'w', status })

  it('fails a 2xx whose record is not in the changed status, saying what the API returned', () => {
    expect(
      judgeChange(RESUME, 'workflow wfl_1', { result: 'not-applied', record: record('paused') })
    ).toEqual({
      result: 'failed',
      error:
        'The DialNexa API accepted the resume request for workflow wfl_1 but answered with status paused, not active, so it was not resumed. Check the workflow in DialNexa.'
    })
  })

  it('reports an answer without a record by what reading it back showed, blaming no proxy', () => {
    const { error } = judgeChange(RESUME, 'workflow wfl_1', {
      result: 'not-applied',
      record: record('paused'),
      recordlessCode: 204
    })
    expect(error).toBe(
      'The DialNexa API answered HTTP 204 to the resume request for workflow wfl_1 without a workflow record, and reading it back shows status paused, not active, so it was not resumed. Check the workflow in DialNexa.'
    )
    expect(error).not.toContain('proxy')
  })

  it('says "not resumed" after a cancellation only when a check showed it', () => {
    expect(
      judgeChange(RESUME, 'workflow wfl_1', { result: 'cancelled', record: record('paused') })
    ).toEqual({
      result: 'cancelled',
      error:
        'The run was cancelled while the resume request for workflow wfl_1 was in flight; a check right after shows status paused, so it had not been resumed by then; the request was sent, so it may still take effect.'
    })
  })

  it.each([
    [
      'cancelled' as const,
      new DialNexaApiError({ kind: 'timeout', workflowId: 'w' }),
      'The run was cancelled while the resume request for workflow wfl_1 was in flight, and the check after it failed (no answer in time): it may have been resumed.'
    ],
    [
      'unanswered' as const,
      new DialNexaApiError({ kind: 'http', workflowId: 'w', statusCode: 502 }),
      'The resume request for workflow wfl_1 failed (HTTP 502 (server error)), and reading the workflow back failed too: it may have been resumed.'
    ],
    [
      'recordless-answer' as const,
      new DialNexaApiError({ kind: 'invalid-response', workflowId: 'w', statusCode: 204 }),
      'The DialNexa API answered the resume request for workflow wfl_1 with HTTP 204 without a workflow record, and reading it back failed: it may have been resumed.'
    ]
  ])('says "may have been resumed" when nothing could tell (%s)', (cause, error, text) => {
    expect(judgeChange(RESUME, 'workflow wfl_1', { result: 'unknown', cause, error })).toEqual({
      result: 'unknown',
      error: `${text} Check its status in DialNexa before sending it again.`
    })
  })
})

describe('confirmationNote', () => {
  it('says how an unclear change was confirmed, and nothing for a plain answer', () => {
    expect(confirmationNote('answer')).toBe('')
    expect(confirmationNote('read-back')).toContain('confirmed by reading it back')
    expect(confirmationNote('read-back-after-recordless-answer')).toContain(
      'answered without a workflow record'
    )
    expect(confirmationNote('check-after-cancel')).toContain('the run was cancelled')
  })
})

describe('workflowFailure', () => {
  it('reports a cancellation in the verb’s words', () => {
    expect(workflowFailure(RESUME, 'workflow w', new CancelledError(), 3)).toEqual({
      result: 'cancelled',
      error: 'The run was cancelled before workflow w was resumed.'
    })
    expect(workflowFailure(PAUSE, 'the workflow', new CancelledError(), 3).error).toBe(
      'The run was cancelled before the workflow was paused.'
    )
  })

  it('says the waits ran out only in the final error, counted as the warnings count them', () => {
    const limited = new DialNexaApiError({ kind: 'http', workflowId: 'w', statusCode: 429 })
    expect(workflowFailure(RESUME, 'workflow w', limited, 3).error).toBe(
      "DialNexa API returned HTTP 429 for workflow w. The API key hit its rate limit. Gave up after 3 waits for this request ('max-retries'). It was not resumed, and its status could not be read."
    )
    expect(workflowFailure(RESUME, 'workflow w', limited, 1).error).toContain(
      "Gave up after 1 wait for this request ('max-retries')."
    )
    expect(workflowFailure(RESUME, 'workflow w', limited, 0).error).toContain(
      "It was not retried: 'max-retries' is 0."
    )
  })

  it('ends a server error with what to do and the state the workflow was last read in', () => {
    const outage = new DialNexaApiError({ kind: 'http', workflowId: 'w', statusCode: 503 })
    expect(workflowFailure(RESUME, 'workflow w', outage, 2, 'paused').error).toBe(
      "DialNexa API returned HTTP 503 for workflow w. The DialNexa API had a server error; run the step again later. Gave up after 2 waits for this request ('max-retries'). It was not resumed; its status when last read was paused."
    )
    expect(workflowFailure(PAUSE, 'the workflow', outage, 0).error).toBe(
      "DialNexa API returned HTTP 503 for the workflow. The DialNexa API had a server error; run the step again later. It was not retried: 'max-retries' is 0. It was not paused, and its status could not be read."
    )
  })

  it('names the workflow through the subject, once', () => {
    const notFound = new DialNexaApiError({ kind: 'http', workflowId: 'wfl_9', statusCode: 404 })
    const { error } = workflowFailure(RESUME, 'the workflow', notFound, 3)
    expect(error).toMatch(/^DialNexa API returned HTTP 404 for the workflow\. Check 'workflow-id'/)
    expect(error).not.toContain('wfl_9')
    expect(error).not.toContain('Gave up')
  })

  it('calls a 404 for a workflow read earlier a likely deletion, not a wrong workflow-id', () => {
    const notFound = new DialNexaApiError({
      kind: 'http',
      workflowId: 'w',
      statusCode: 404,
      serverMessage: 'Workflow w not found',
      verb: RESUME
    })
    expect(workflowFailure(RESUME, 'workflow w', notFound, 3, 'paused', true).error).toBe(
      'DialNexa API returned HTTP 404 for workflow w. The API said: "Workflow w not found". It was read earlier in this job, so it was most likely deleted since; check it in DialNexa. It was not resumed; its status when last read was paused.'
    )
    expect(workflowFailure(RESUME, 'workflow w', notFound, 3).error).toContain(
      "Check 'workflow-id' and that the key belongs to the workflow's workspace."
    )
  })

  it('uses other errors’ own message, on one clipped line', () => {
    expect(workflowFailure(RESUME, 'workflow w', 'a\nb', 3).error).toBe('a b')
  })
})

describe('holdWarning', () => {
  it('says the request waits for the rate limit, numbered as a wait, and when it comes', () => {
    expect(holdWarning('the resume request', 1310, 2, 3)).toBe(
      "The resume request is held back until the API key's rate limit resets; wait 2 of 3 ('max-retries'): it is sent in 1.31 s."
    )
  })

  it('says a read comes first when the last attempt may have taken effect', () => {
    expect(holdWarning('the resume request', 2000, 1, 1, 'check-then-send')).toBe(
      "The resume request is held back until the API key's rate limit resets; wait 1 of 1 ('max-retries'): in 2 s, the workflow is read back to see whether the last attempt took effect, and the request is sent again only if it did not."
    )
  })
})

describe('retryWarning', () => {
  it('says what happened and when the next attempt comes, nothing else', () => {
    const limited = new DialNexaApiError({
      kind: 'http',
      workflowId: 'w',
      statusCode: 429,
      serverMessage: 'Too many requests'
    })
    expect(retryWarning('the resume request', limited, 20_000, 1, 3)).toBe(
      "The resume request failed: HTTP 429 (rate limited); wait 1 of 3 ('max-retries'): it is sent again in 20 s."
    )
    expect(
      retryWarning(
        'the status read',
        new DialNexaApiError({ kind: 'timeout', workflowId: 'w' }),
        1500,
        2,
        3
      )
    ).toBe(
      "The status read failed: no answer in time; wait 2 of 3 ('max-retries'): it is sent again in 1.5 s."
    )
    expect(
      retryWarning(
        'the resume request',
        new DialNexaApiError({
          kind: 'network',
          workflowId: 'w',
          detail:
            "the connection to api.dialnexa.com was reset (ECONNRESET). Check 'api-url' and the runner's network."
        }),
        1000,
        3,
        3
      )
    ).toBe(
      "The resume request failed: the connection to api.dialnexa.com was reset (ECONNRESET); wait 3 of 3 ('max-retries'): it is sent again in 1 s."
    )
  })

  it('after an unanswered change, says a read-back comes next, not a resend', () => {
    const timeout = new DialNexaApiError({ kind: 'timeout', workflowId: 'w' })
    expect(retryWarning('the resume request', timeout, 1000, 1, 1, 'check-then-send')).toBe(
      "The resume request failed: no answer in time; wait 1 of 1 ('max-retries'): in 1 s, the workflow is read back to see whether the last attempt took effect, and the request is sent again only if it did not."
    )
  })
})
