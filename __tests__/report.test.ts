import { jest } from '@jest/globals'
import * as core from './fixtures/core.js'
import type { End, WorkflowOutcome } from '../src/core/outcome.js'
import type { Reported } from '../src/action/report.js'
import { CONFLICT, STEP } from './fixtures/messages.js'

jest.unstable_mockModule('@actions/core', () => core)
const {
  annotateFailures,
  ANNOTATED_FAILURES,
  closingLine,
  leadsOf,
  MAX_FAILURE_LENGTH,
  outputsFailure,
  errorOf,
  reportOf,
  RESULT_LIMITS,
  resultEntry,
  setOutputs,
  stepFailure
} = await import('../src/action/report.js')
const { PAUSE_STEP, POST_STEP, RESUME_STEP } = await import('../src/workflow/policy.js')

beforeEach(() => jest.clearAllMocks())

const told = { maxRetries: 3, waitForPaused: false, waitTimeoutMs: 0, runAttempt: 1 }
const base = { requests: 1, waits: 0, durationMs: 5 }
const changed: End = { kind: 'changed', confirmedBy: 'answer', at: 0 }
const outcome = (workflowId: string, end: End, more: Partial<WorkflowOutcome> = {}) => ({
  ...base,
  workflowId,
  end,
  ...more
})
const resumed = (id: string, more: Partial<WorkflowOutcome> = {}): Reported =>
  reportOf(RESUME_STEP, outcome(id, changed, { statusAfter: 'active', ...more }), false, told)
/** A failed workflow with a given reason, as a report carries it. */
const failed = (id: string, error: string, more: Partial<WorkflowOutcome> = {}): Reported => ({
  outcome: outcome(
    id,
    { kind: 'failed', error: { kind: 'unexpected', message: error }, found: false },
    more
  ),
  result: 'failed',
  line: { level: 'error', text: error }
})

describe('reportOf', () => {
  it('gives a failure its line as the error, naming the workflow only when alone', () => {
    const end: End = { kind: 'conflict', status: 'active', ignored: false }
    const alone = reportOf(RESUME_STEP, outcome('wfl_a', end), false, told)
    expect(alone.result).toBe('failed')
    expect(alone.line.level).toBe('error')
    expect(errorOf(alone)).toBe(
      `${CONFLICT.notAccepted('resume', 'workflow wfl_a', 'active')} ${CONFLICT.orWaitForPaused}`
    )
    // Beside others, its ID is in the annotation's title and the line's prefix.
    const several = reportOf(RESUME_STEP, outcome('wfl_a', end), true, told)
    expect(errorOf(several)).toBe(
      `${CONFLICT.notAccepted('resume', 'the workflow', 'active')} ${CONFLICT.orWaitForPaused}`
    )
  })

  it('gives an ignored conflict its line as a warning, and no error', () => {
    const end: End = { kind: 'conflict', status: 'draft', ignored: true }
    const r = reportOf(RESUME_STEP, outcome('w', end), false, told)
    expect(r).toMatchObject({ result: 'conflict-ignored', line: { level: 'warning' } })
    expect(errorOf(r)).toBeUndefined()
  })

  it('gives a change or an accepted status neither', () => {
    for (const r of [
      resumed('w'),
      reportOf(
        PAUSE_STEP,
        outcome('w', { kind: 'already' }, { statusAfter: 'paused' }),
        false,
        told
      )
    ]) {
      expect(errorOf(r)).toBeUndefined()
      expect(r.line.level).not.toBe('warning')
    }
  })

  it.each([
    ['cancelled', { kind: 'cancelled' }],
    [
      'unknown',
      { kind: 'unknown', cause: 'unanswered', error: { kind: 'timeout', workflowId: 'w' } }
    ]
  ] as const)('fails the step for a workflow %s', (result, end) => {
    const r = reportOf(RESUME_STEP, outcome('w', end), false, told)
    expect(r.result).toBe(result)
    expect(errorOf(r)).toBe(r.line.text)
  })
})

describe('closingLine', () => {
  it('counts the changed, and a cancelled or unknown workflow as failed', () => {
    const reports = [
      resumed('a'),
      resumed('b'),
      reportOf(RESUME_STEP, outcome('c', { kind: 'cancelled' }), true, told),
      reportOf(
        RESUME_STEP,
        outcome('d', { kind: 'conflict', status: 'draft', ignored: true }),
        true,
        told
      )
    ]
    expect(closingLine(RESUME_STEP, reports)).toBe(STEP.closing('resume', 2, 4, 1))
    expect(closingLine(PAUSE_STEP, [failed('a', 'x')])).toBe(STEP.closing('pause', 0, 1, 1))
  })
})

describe('stepFailure', () => {
  it('is undefined when no workflow failed, conflicts ignored included', () => {
    const ignored = reportOf(
      RESUME_STEP,
      outcome('b', { kind: 'conflict', status: 'x', ignored: true }),
      true,
      told
    )
    expect(stepFailure(RESUME_STEP, [resumed('a'), ignored])).toBeUndefined()
  })

  it('is the workflow’s own error when there is one workflow', () => {
    expect(stepFailure(RESUME_STEP, [failed('a', 'HTTP 404 for workflow a.')])).toBe(
      'HTTP 404 for workflow a.'
    )
  })

  it('is one short line when there are several, whatever the reasons', () => {
    const reports = [resumed('a'), failed('b', 'x'.repeat(700)), failed('c', 'Timeout.')]
    expect(stepFailure(RESUME_STEP, reports)).toBe(STEP.severalFailed(2, 3))
  })

  it('a workflow that was already paused is not a failure of the pause step', () => {
    const paused = reportOf(
      PAUSE_STEP,
      outcome('p', changed, { statusAfter: 'paused' }),
      true,
      told
    )
    const already = reportOf(
      PAUSE_STEP,
      outcome('a', { kind: 'already' }, { statusAfter: 'paused' }),
      true,
      told
    )
    expect(stepFailure(PAUSE_STEP, [paused, already])).toBeUndefined()
  })
})

describe('annotateFailures', () => {
  it('gives each failed workflow its own annotation, titled with its ID and name', () => {
    annotateFailures([
      resumed('a'),
      failed('b', 'The workflow is not paused.', { workflowName: 'Busy' }),
      reportOf(
        RESUME_STEP,
        outcome('c', { kind: 'conflict', status: 'x', ignored: true }),
        true,
        told
      ),
      failed('d', 'It may have been resumed.')
    ])
    expect(core.error.mock.calls).toEqual([
      ['The workflow is not paused.', { title: 'Workflow b (Busy)' }],
      ['It may have been resumed.', { title: 'Workflow d' }]
    ])
  })

  it('adds none for a single workflow, whose error is the step’s own', () => {
    annotateFailures([failed('a', 'x')])
    expect(core.error).not.toHaveBeenCalled()
  })
})

describe('outputsFailure', () => {
  it('says a workflow was resumed even though the outputs could not be written', () => {
    expect(outputsFailure(RESUME_STEP, [resumed('wfl_1')], 'EIO: i/o error')).toBe(
      STEP.outputsFailed('EIO: i/o error', STEP.DONE.one('resume', 'wfl_1'))
    )
  })

  it('names every workflow that was changed when there are several, or none', () => {
    const paused = (id: string) => reportOf(PAUSE_STEP, outcome(id, changed), true, told)
    expect(outputsFailure(PAUSE_STEP, [paused('a'), failed('b', 'x'), paused('c')], 'EISDIR')).toBe(
      STEP.outputsFailed('EISDIR', STEP.DONE.several('pause', 2, 3, 'a, c'))
    )
    expect(outputsFailure(RESUME_STEP, [failed('b', 'x')], 'EIO')).toBe(
      STEP.outputsFailed('EIO', STEP.DONE.none('resume'))
    )
  })
})

describe('size limits', () => {
  const many = Array.from({ length: 100 }, (_, i) =>
    failed(`wfl_${i}_${'x'.repeat(120)}`, `HTTP 500. The API said: "${'y'.repeat(5000)}"`)
  )

  it('annotates the first failures, points to the summary for the rest, and stays short', () => {
    const more = 100 - ANNOTATED_FAILURES
    expect(stepFailure(RESUME_STEP, many)).toBe(
      STEP.manyFailed(100, 100, STEP.LISTED_IN.withResults, more)
    )
    expect(stepFailure(PAUSE_STEP, many)).toBe(
      STEP.manyFailed(100, 100, STEP.LISTED_IN.withResults, more)
    )
    // The pause action's post step has no outputs: it points only to its summary.
    expect(stepFailure(POST_STEP, many)).toBe(
      STEP.manyFailed(100, 100, STEP.LISTED_IN.summaryOnly, more)
    )
    annotateFailures(many)
    expect(core.error).toHaveBeenCalledTimes(ANNOTATED_FAILURES)
    expect((core.error.mock.calls[0] as unknown[])[1]).toEqual({
      title: `Workflow wfl_0_${'x'.repeat(120)}`
    })
    for (const [message] of core.error.mock.calls) {
      expect(message.length).toBeLessThanOrEqual(RESULT_LIMITS.error + 1)
    }
  })

  it('clips a single workflow’s failure too', () => {
    expect(stepFailure(RESUME_STEP, [failed('a', 'z'.repeat(10_000))])!.length).toBe(
      MAX_FAILURE_LENGTH + 1
    )
  })

  it('clips each result’s error and name, and keeps results far below the outputs limit', () => {
    const named = { ...many[0]!, outcome: { ...many[0]!.outcome, workflowName: 'n'.repeat(1000) } }
    const entry = resultEntry(RESUME_STEP, named)
    expect(entry.error).toHaveLength(RESULT_LIMITS.error + 1)
    expect(entry['workflow-name']).toHaveLength(RESULT_LIMITS.name + 1)
    setOutputs(RESUME_STEP, many, told)
    const results = core.setOutput.mock.calls.find(([name]) => name === 'results')![1] as string
    expect(results.length).toBeLessThan(256 * 1024)
  })
})

describe('leadsOf', () => {
  it('sums the reported counts, and is undefined when no workflow reported one', () => {
    expect(
      leadsOf([
        resumed('a', { enrolledLeads: 3 }),
        failed('b', 'x'),
        resumed('c', { enrolledLeads: 0 })
      ])
    ).toBe(3)
    expect(leadsOf([resumed('a'), failed('b', 'x')])).toBeUndefined()
  })
})

describe('resultEntry', () => {
  it('names the per-workflow flag after the verb', () => {
    const paused = reportOf(
      PAUSE_STEP,
      outcome('w', changed, { statusAfter: 'paused' }),
      false,
      told
    )
    expect(resultEntry(PAUSE_STEP, paused)).toEqual({
      'workflow-id': 'w',
      'workflow-name': null,
      status: 'paused',
      'enrolled-leads': null,
      paused: true,
      'would-pause': false,
      error: null
    })
  })

  it('does not count a workflow that was already paused as one this step paused', () => {
    const already = reportOf(
      PAUSE_STEP,
      outcome('a', { kind: 'already' }, { statusAfter: 'paused' }),
      false,
      told
    )
    expect(resultEntry(PAUSE_STEP, already)).toMatchObject({ paused: false, error: null })
  })
})

describe('setOutputs', () => {
  const outputs = (): Record<string, string> =>
    Object.fromEntries(core.setOutput.mock.calls) as Record<string, string>

  it('sets the seven outputs for one workflow, reporting legacy running as active', () => {
    setOutputs(
      RESUME_STEP,
      [resumed('w', { workflowName: 'Nurture', statusAfter: 'running', enrolledLeads: 0 })],
      told
    )
    expect(core.setOutput.mock.calls).toEqual([
      ['status', 'active'],
      ['enrolled-leads', '0'],
      ['resumed', 'true'],
      ['workflow-name', 'Nurture'],
      ['would-resume', 'false'],
      ['opens-at', ''],
      [
        'results',
        '[{"workflow-id":"w","workflow-name":"Nurture","status":"active","enrolled-leads":0,"resumed":true,"would-resume":false,"error":null}]'
      ]
    ])
  })

  it('gives the common status or mixed, the sum of counts, and true only if all changed', () => {
    setOutputs(
      RESUME_STEP,
      [resumed('a', { enrolledLeads: 2 }), resumed('b', { enrolledLeads: 5 })],
      told
    )
    expect(outputs()).toMatchObject({ status: 'active', 'enrolled-leads': '7', resumed: 'true' })
    jest.clearAllMocks()
    setOutputs(
      RESUME_STEP,
      [resumed('a', { workflowName: 'A' }), failed('b', 'x'), resumed('c', { workflowName: 'C' })],
      told
    )
    expect(outputs()).toMatchObject({
      status: 'mixed',
      'enrolled-leads': '',
      resumed: 'false',
      'workflow-name': 'A, C'
    })
  })

  it('names the flag after the verb: paused, false when one was only already paused', () => {
    const paused = reportOf(
      PAUSE_STEP,
      outcome('p', changed, { statusAfter: 'paused' }),
      true,
      told
    )
    const already = reportOf(
      PAUSE_STEP,
      outcome('a', { kind: 'already' }, { statusAfter: 'paused' }),
      true,
      told
    )
    setOutputs(PAUSE_STEP, [paused], told)
    expect(outputs()).toMatchObject({ status: 'paused', paused: 'true' })
    jest.clearAllMocks()
    setOutputs(PAUSE_STEP, [paused, already], told)
    expect(outputs()).toMatchObject({ status: 'paused', paused: 'false' })
    expect(outputs()).not.toHaveProperty('resumed')
  })

  it('keeps server text in outputs on one bounded line', () => {
    setOutputs(
      RESUME_STEP,
      [
        resumed('w', {
          workflowName: `Nurture\n::set-output name=x::y${'z'.repeat(400)}`,
          statusAfter: 'active\r\nevil'
        })
      ],
      told
    )
    const values = outputs()
    expect(values.status).toBe('active evil')
    expect(values['workflow-name']).toMatch(/^Nurture ::set-output name=x::yz+…$/)
    expect(values['workflow-name']!.length).toBeLessThanOrEqual(RESULT_LIMITS.name + 1)
  })

  it('leaves unknown values empty and the flag false', () => {
    const ignored = reportOf(
      RESUME_STEP,
      outcome('w', { kind: 'conflict', status: undefined, ignored: true }, { requests: 2 }),
      false,
      told
    )
    setOutputs(RESUME_STEP, [ignored], told)
    expect(core.setOutput.mock.calls.slice(0, 4)).toEqual([
      ['status', ''],
      ['enrolled-leads', ''],
      ['resumed', 'false'],
      ['workflow-name', '']
    ])
  })
})
