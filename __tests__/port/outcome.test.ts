import {
  ANNOTATED_FAILURES,
  MAX_FAILURE_LENGTH,
  outputsFailure,
  stepFailure,
  workflowAnnotations
} from '../src/action/step-failure.js'
import { aggregate, RESULT_LIMITS, toResult } from '../src/action/step-outputs.js'
import { closingLine, describeTally, tally } from '../src/action/tally.js'
import { WorkflowReport } from '../src/core/outcome.js'
import { PAUSE, RESUME } from '../src/core/verb.js'

const base = { requests: 1, waits: 0, durationMs: 5 }
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

describe('tally', () => {
  it('counts results, errors, reported leads and requests in one pass', () => {
    const counts = tally([
      resumed('a', { enrolledLeads: 3, requests: 2, waits: 1 }),
      failed('b', 'HTTP 503', { requests: 4, waits: 3 }),
      { ...base, workflowId: 'c', result: 'cancelled', error: 'cancelled' },
      { ...base, workflowId: 'd', result: 'conflict-ignored', enrolledLeads: 0 },
      { ...base, workflowId: 'e', result: 'unknown', error: 'may have been resumed' }
    ])
    expect(counts).toEqual({
      total: 5,
      byResult: {
        resumed: 1,
        paused: 0,
        already: 0,
        'conflict-ignored': 1,
        failed: 1,
        cancelled: 1,
        unknown: 1
      },
      withError: 3,
      enrolledLeads: 3,
      requests: 9,
      waits: 4
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
      describeTally(RESUME, tally([resumed('a'), { ...base, workflowId: 'b', result: 'unknown' }]))
    ).toBe('1 resumed, 1 may have been resumed')
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
      stepFailure(
        [resumed('a'), { ...base, workflowId: 'b', result: 'conflict-ignored' }],
        'summary'
      )
    ).toBeUndefined()
  })

  it('is the workflow’s own error when there is one workflow', () => {
    expect(stepFailure([failed('a', 'HTTP 404 for workflow a.')], 'summary-and-results')).toBe(
      'HTTP 404 for workflow a.'
    )
  })

  it('is one short line when there are several, whatever the reasons', () => {
    const reports = [resumed('a'), failed('b', 'x'.repeat(700)), failed('c', 'Timeout.')]
    expect(stepFailure(reports, 'summary-and-results')).toBe(
      '2 of 3 workflows failed; see the errors above.'
    )
  })
})

describe('workflowAnnotations', () => {
  it('gives each failed workflow its own annotation, titled with its ID and name', () => {
    expect(
      workflowAnnotations([
        resumed('a'),
        failed('b', 'The workflow is not paused.', { workflowName: 'Busy' }),
        { ...base, workflowId: 'c', result: 'conflict-ignored', warning: 'ignored' },
        { ...base, workflowId: 'd', result: 'unknown', error: 'It may have been resumed.' }
      ])
    ).toEqual([
      { title: 'Workflow b (Busy)', message: 'The workflow is not paused.' },
      { title: 'Workflow d', message: 'It may have been resumed.' }
    ])
  })

  it('adds none for a single workflow, whose error is the step’s own', () => {
    expect(workflowAnnotations([failed('a', 'x')])).toEqual([])
  })
})

describe('outputsFailure', () => {
  it('says a workflow was resumed even though the outputs could not be written', () => {
    expect(outputsFailure(RESUME, [resumed('wfl_1')], 'EIO: i/o error')).toBe(
      "Could not write the step's outputs (GITHUB_OUTPUT): EIO: i/o error. Workflow wfl_1 was resumed; do not resume it again. Later steps cannot read the outputs; the log and the job summary show what happened."
    )
  })

  it('names every workflow that was changed when there are several', () => {
    const text = outputsFailure(
      PAUSE,
      [
        { ...base, workflowId: 'a', result: 'paused' },
        failed('b', 'x'),
        { ...base, workflowId: 'c', result: 'paused' }
      ],
      'EISDIR'
    )
    expect(text).toContain('2 of 3 workflows were paused (a, c); do not pause them again.')
    expect(outputsFailure(RESUME, [failed('b', 'x')], 'EIO')).toContain('No workflow was resumed.')
  })
})

describe('size limits', () => {
  const many = Array.from({ length: 100 }, (_, i) =>
    failed(`wfl_${i}_${'x'.repeat(120)}`, `HTTP 500. The API said: "${'y'.repeat(5000)}"`)
  )

  it('annotates the first failures, points to the summary for the rest, and stays short', () => {
    expect(stepFailure(many, 'summary-and-results')).toBe(
      `100 of 100 workflows failed; see the errors above, and the job summary or the 'results' output for the ${100 - ANNOTATED_FAILURES} not annotated.`
    )
    // The pause action's post step has no outputs: it points only to its summary.
    expect(stepFailure(many, 'summary')).toBe(
      `100 of 100 workflows failed; see the errors above, and the job summary for the ${100 - ANNOTATED_FAILURES} not annotated.`
    )
    const annotations = workflowAnnotations(many)
    expect(annotations).toHaveLength(ANNOTATED_FAILURES)
    expect(annotations[0]!.title).toBe(`Workflow wfl_0_${'x'.repeat(120)}`)
    for (const { message } of annotations) {
      expect(message.length).toBeLessThanOrEqual(RESULT_LIMITS.error + 1)
    }
  })

  it('clips a single workflow’s failure too', () => {
    expect(stepFailure([failed('a', 'z'.repeat(10_000))], 'summary')!.length).toBe(
      MAX_FAILURE_LENGTH + 1
    )
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
    expect(stepFailure([paused, already], 'summary-and-results')).toBeUndefined()
  })
})
