import { CancelledError } from '../src/cancellation.js'
import { DialNexaApiError } from '../src/api-error.js'
import {
  aggregate,
  closingLine,
  describeTally,
  FAILURES_NAMED,
  judgeConflict,
  MAX_FAILURE_LENGTH,
  RESULT_LIMITS,
  stepFailure,
  tally,
  toResult,
  WorkflowReport,
  workflowFailure
} from '../src/outcome.js'
import { PAUSE, RESUME } from '../src/verb.js'
import { WaitTimeoutError } from '../src/wait.js'

const base = { requests: 1, retries: 0, durationMs: 5 }
const resumed = (id: string, extra: Partial<WorkflowReport> = {}): WorkflowReport => ({
  ...base,
  workflowId: id,
  statusAfter: 'active',
  result: 'resumed',
  ...extra
})
const failed = (
  id: string,
  error: string,
  extra: Partial<WorkflowReport> = {}
): WorkflowReport => ({
  ...base,
  workflowId: id,
  result: 'failed',
  error,
  ...extra
})

describe('judgeConflict', () => {
  it('fails with the status and how to let the step succeed', () => {
    expect(judgeConflict(RESUME, 'wfl_1', 'active', false)).toEqual({
      result: 'failed',
      error:
        "Workflow wfl_1 is not paused, so it was not resumed: its current status is active. Set 'ignore-conflict: true' to let the step succeed in this case."
    })
  })

  it('turns into a warning with ignore-conflict', () => {
    expect(judgeConflict(RESUME, 'wfl_1', 'draft', true)).toEqual({
      result: 'conflict-ignored',
      warning:
        "Workflow wfl_1 is not paused, so it was not resumed: its current status is draft. Continuing because 'ignore-conflict' is true."
    })
  })

  it.each(['completed', 'cancelled'])('says a %s workflow can never change', status => {
    const verdict = judgeConflict(RESUME, 'w', status, false)
    expect(verdict.result === 'failed' && verdict.error).toContain(
      `it is ${status}, a final status, and can never be resumed`
    )
  })

  it('says so when the status is unknown, and clips server text', () => {
    expect(judgeConflict(RESUME, 'w', undefined, true)).toMatchObject({
      warning: expect.stringContaining('its current status is unknown.')
    })
    const verdict = judgeConflict(RESUME, 'w', `x\n::error::${'y'.repeat(100)}`, true)
    expect(verdict.result === 'conflict-ignored' && verdict.warning).toMatch(
      /its current status is x ::error::y{29}…\. /
    )
  })

  it('with acceptAlready, calls the status the verb produces a success, legacy running too', () => {
    expect(judgeConflict(PAUSE, 'w', 'paused', false, { acceptAlready: true })).toEqual({
      result: 'already',
      note: 'Workflow w is already paused, so this step did not pause it.'
    })
    expect(judgeConflict(RESUME, 'w', 'running', false, { acceptAlready: true })).toMatchObject({
      result: 'already'
    })
    expect(judgeConflict(PAUSE, 'w', 'draft', false, { acceptAlready: true }).result).toBe('failed')
    expect(judgeConflict(PAUSE, 'w', 'paused', false).result).toBe('failed')
  })

  it('with finalIsWarning, warns about a final status only, whatever ignore-conflict says', () => {
    const rules = { finalIsWarning: true }
    expect(judgeConflict(RESUME, 'w', 'cancelled', false, rules)).toEqual({
      result: 'conflict-ignored',
      warning:
        'Workflow w is not paused, so it was not resumed: it is cancelled, a final status, and can never be resumed. Leaving it as it is.'
    })
    expect(judgeConflict(RESUME, 'w', 'draft', false, rules).result).toBe('failed')
  })

  it('speaks of the pause verb in its own words', () => {
    const verdict = judgeConflict(PAUSE, 'w', 'cancelled', false)
    expect(verdict.result === 'failed' && verdict.error).toMatch(
      /^Workflow w is not active, so it was not paused: it is cancelled, a final status, and can never be paused\./
    )
  })
})

describe('workflowFailure', () => {
  it('reports a cancellation in the verb’s words', () => {
    expect(workflowFailure(RESUME, 'w', new CancelledError())).toEqual({
      result: 'cancelled',
      error: 'The run was cancelled before the workflow was resumed.'
    })
    expect(workflowFailure(PAUSE, 'w', new CancelledError()).error).toBe(
      'The run was cancelled before the workflow was paused.'
    )
  })

  it('names wait-timeout and its value when waiting ran out', () => {
    const { result, error } = workflowFailure(
      RESUME,
      'wfl_1',
      new WaitTimeoutError('active', 2500),
      2000
    )
    expect(result).toBe('failed')
    expect(error).toMatch(/^Workflow wfl_1: the workflow did not become paused in time/)
    expect(error).toContain("Raise 'wait-timeout' (now 2 s) if pausing takes longer.")
  })

  it('uses the error’s own message otherwise, on one clipped line', () => {
    const error = new DialNexaApiError({ kind: 'http', workflowId: 'w', statusCode: 404 })
    expect(workflowFailure(RESUME, 'w', error)).toEqual({ result: 'failed', error: error.message })
    expect(workflowFailure(RESUME, 'w', 'a\nb').error).toBe('a b')
  })
})

describe('tally', () => {
  it('counts results, errors, reported leads and requests in one pass', () => {
    const counts = tally([
      resumed('a', { enrolledLeads: 3, requests: 2, retries: 1 }),
      failed('b', 'HTTP 503', { requests: 4, retries: 3 }),
      { ...base, workflowId: 'c', result: 'cancelled', error: 'cancelled' },
      { ...base, workflowId: 'd', result: 'conflict-ignored', enrolledLeads: 0 }
    ])
    expect(counts).toEqual({
      total: 4,
      byResult: {
        resumed: 1,
        paused: 0,
        already: 0,
        'conflict-ignored': 1,
        failed: 1,
        cancelled: 1
      },
      withError: 2,
      enrolledLeads: 3,
      requests: 8,
      retries: 4
    })
  })

  it('leaves enrolled leads undefined when no workflow reported a count', () => {
    expect(tally([resumed('a'), failed('b', 'x')]).enrolledLeads).toBeUndefined()
  })

  it('describes the counts, naming only results that occurred besides the changed', () => {
    expect(describeTally(RESUME, tally([failed('a', 'x')]))).toBe('0 resumed, 1 failed')
    expect(
      describeTally(PAUSE, tally([{ ...base, workflowId: 'a', result: 'paused' }, resumed('b')]))
    ).toBe('1 paused')
    expect(
      describeTally(
        PAUSE,
        tally([
          { ...base, workflowId: 'a', result: 'paused' },
          { ...base, workflowId: 'b', result: 'already' }
        ])
      )
    ).toBe('1 paused, 1 already paused')
  })

  it('writes the closing line, counting a cancelled workflow as failed', () => {
    const reports: WorkflowReport[] = [
      resumed('a'),
      resumed('b'),
      { ...base, workflowId: 'c', result: 'cancelled', error: 'cancelled' },
      { ...base, workflowId: 'd', result: 'conflict-ignored' }
    ]
    expect(closingLine(RESUME, reports)).toBe('Resumed 2 of 4 workflows; 1 failed.')
  })
})

describe('stepFailure', () => {
  it('is undefined when no workflow failed, conflicts ignored included', () => {
    expect(
      stepFailure([resumed('a'), { ...base, workflowId: 'b', result: 'conflict-ignored' }])
    ).toBeUndefined()
  })

  it('is the workflow’s own error when there is one workflow', () => {
    expect(stepFailure([failed('a', 'HTTP 404 for workflow a.')])).toBe('HTTP 404 for workflow a.')
  })

  it('lists each failed ID with its reason when there are several', () => {
    expect(stepFailure([resumed('a'), failed('b', 'HTTP 503.'), failed('c', 'Timeout.')])).toBe(
      '2 of 3 workflows failed. b: HTTP 503. c: Timeout.'
    )
  })
})

describe('size limits', () => {
  const many = Array.from({ length: 100 }, (_, i) =>
    failed(`wfl_${i}_${'x'.repeat(120)}`, `HTTP 500. The API said: "${'y'.repeat(5000)}"`)
  )

  it('names the first failures, counts the rest, and stays within its length', () => {
    const failure = stepFailure(many)!
    expect(failure.startsWith('100 of 100 workflows failed. wfl_0_')).toBe(true)
    expect(failure).toContain(`wfl_${FAILURES_NAMED - 1}_`)
    expect(failure).not.toContain(`wfl_${FAILURES_NAMED}_`)
    expect(failure).toMatch(
      new RegExp(
        `…and ${100 - FAILURES_NAMED} more; the job summary and the 'results' output list each\\.$`
      )
    )
    expect(failure.length).toBeLessThanOrEqual(MAX_FAILURE_LENGTH)
  })

  it('clips a single workflow’s failure too', () => {
    expect(stepFailure([failed('a', 'z'.repeat(10_000))])!.length).toBe(MAX_FAILURE_LENGTH + 1)
  })

  it('clips each result’s error and name', () => {
    const result = toResult(RESUME, { ...many[0]!, workflowName: 'n'.repeat(1000) })
    expect(result.error).toHaveLength(RESULT_LIMITS.error + 1)
    expect(result['workflow-name']).toHaveLength(RESULT_LIMITS.name + 1)
    expect(aggregate(RESUME, many).results.length).toBeLessThan(256 * 1024)
  })
})

describe('aggregate', () => {
  it('describes one workflow, reporting legacy running as active', () => {
    expect(
      aggregate(RESUME, [
        resumed('w', { workflowName: 'Nurture', statusAfter: 'running', enrolledLeads: 0 })
      ])
    ).toEqual({
      status: 'active',
      enrolledLeads: '0',
      changed: 'true',
      workflowName: 'Nurture',
      results:
        '[{"workflow-id":"w","workflow-name":"Nurture","status":"active","enrolled-leads":0,"resumed":true,"error":null}]'
    })
  })

  it('gives the common status or mixed, the sum of counts, and true only if all changed', () => {
    const same = aggregate(RESUME, [
      resumed('a', { enrolledLeads: 2 }),
      resumed('b', { enrolledLeads: 5 })
    ])
    expect(same).toMatchObject({ status: 'active', enrolledLeads: '7', changed: 'true' })
    const mixed = aggregate(RESUME, [
      resumed('a', { workflowName: 'A' }),
      failed('b', 'x'),
      resumed('c', { workflowName: 'C' })
    ])
    expect(mixed).toMatchObject({
      status: 'mixed',
      enrolledLeads: '',
      changed: 'false',
      workflowName: 'A, C'
    })
  })

  it('names the per-workflow flag after the verb', () => {
    const report: WorkflowReport = {
      ...base,
      workflowId: 'w',
      statusAfter: 'paused',
      result: 'paused'
    }
    expect(toResult(PAUSE, report)).toEqual({
      'workflow-id': 'w',
      'workflow-name': null,
      status: 'paused',
      'enrolled-leads': null,
      paused: true,
      error: null
    })
    expect(aggregate(PAUSE, [report]).changed).toBe('true')
    expect(toResult(PAUSE, resumed('w'))).toMatchObject({ paused: false })
  })

  it('a workflow that was already paused is not one this step paused', () => {
    const already: WorkflowReport = {
      ...base,
      workflowId: 'a',
      statusAfter: 'paused',
      result: 'already'
    }
    const paused: WorkflowReport = { ...already, workflowId: 'p', result: 'paused' }
    expect(toResult(PAUSE, already)).toMatchObject({ paused: false, error: null })
    expect(aggregate(PAUSE, [paused, already])).toMatchObject({
      status: 'paused',
      changed: 'false'
    })
    expect(stepFailure([paused, already])).toBeUndefined()
  })
})
