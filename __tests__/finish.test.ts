import { jest } from '@jest/globals'
import { pauseState } from './helpers/pause-state.js'
import * as core from './fixtures/core.js'
import type { End, WorkflowOutcome } from '../src/core/outcome.js'
import type { Reported } from '../src/action/report.js'
import type { PauseState } from '../src/action/state.js'
import type { StepPolicy } from '../src/workflow/policy.js'
import { POST_LINE, STEP } from './fixtures/messages.js'

jest.unstable_mockModule('@actions/core', () => core)
const { finishStep } = await import('../src/action/step.js')
const { ANNOTATED_FAILURES, reportOf } = await import('../src/action/report.js')
const { PAUSE_STEP, POST_STEP, RESUME_STEP } = await import('../src/workflow/policy.js')

const env = process.env.GITHUB_STEP_SUMMARY
beforeEach(() => {
  jest.clearAllMocks()
  core.summary.written.length = 0
  process.env.GITHUB_STEP_SUMMARY = '/tmp/unused'
})
afterAll(() => {
  process.env.GITHUB_STEP_SUMMARY = env
})

const told = { maxRetries: 0, waitForPaused: false, waitTimeoutMs: 0, runAttempt: 1 }
const report = (
  policy: StepPolicy,
  workflowId: string,
  end: End,
  more: Partial<WorkflowOutcome> = {}
): Reported =>
  reportOf(policy, { workflowId, end, requests: 1, waits: 0, durationMs: 1, ...more }, true, told)
const failed: End = {
  kind: 'failed',
  error: { kind: 'http', workflowId: 'w', statusCode: 500 },
  found: true
}
const changed = (at: number): End => ({ kind: 'changed', confirmedBy: 'answer', at })

/** What a pause step with auto-resume saved; the settings do not matter to the report. */
const savedState = (paused: PauseState['paused'], unconfirmed: string[]): PauseState =>
  pauseState(paused, unconfirmed)

describe('finishStep for the post step', () => {
  it('points past the annotated failures to its summary only: it has no results output', async () => {
    const ids = Array.from({ length: ANNOTATED_FAILURES + 2 }, (_, i) => `wfl_${i}`)
    const state = savedState(
      ids.map(workflowId => ({ workflowId, pausedAt: 0 })),
      []
    )
    const reports = ids.map(id => report(POST_STEP, id, failed))
    await finishStep(POST_STEP, reports, 1000, told, { post: { state, now: 1000 } })
    expect(core.setFailed.mock.calls).toEqual([
      [STEP.manyFailed(ids.length, ids.length, STEP.LISTED_IN.summaryOnly, 2)]
    ])
    expect(core.error).toHaveBeenCalledTimes(ANNOTATED_FAILURES)
    // No later step could read them.
    expect(core.setOutput).not.toHaveBeenCalled()
  })

  it('says how long dialling was paused for each workflow it resumed', async () => {
    const state = savedState([{ workflowId: 'a', pausedAt: 1000 }], ['b'])
    const reports = [
      report(POST_STEP, 'a', changed(193_000)),
      report(POST_STEP, 'b', changed(5000))
    ]
    await finishStep(POST_STEP, reports, 10, told, { post: { state, now: 200_000 } })
    expect(core.info.mock.calls.slice(0, 2)).toEqual([
      [POST_LINE.pausedFor('a', '3 min 12 s')],
      [POST_LINE.unansweredTookEffect('b')]
    ])
    expect(core.setFailed).not.toHaveBeenCalled()
  })
})

describe('finishStep for the resume and pause steps', () => {
  it('writes the closing line, the outputs, one failure and the summary', async () => {
    const reports = [
      report(RESUME_STEP, 'a', changed(0), { statusAfter: 'active' }),
      report(RESUME_STEP, 'b', failed)
    ]
    await finishStep(RESUME_STEP, reports, 10, told)
    expect(core.info).toHaveBeenCalledWith(STEP.closing('resume', 1, 2, 1))
    expect(core.setOutput).toHaveBeenCalledWith('resumed', 'false')
    expect(core.setFailed.mock.calls).toEqual([[STEP.severalFailed(1, 2)]])
    expect(core.error).toHaveBeenCalledTimes(1)
    expect(core.summary.write).toHaveBeenCalled()
  })

  it('still says what was done when the outputs cannot be written, and in the summary too', async () => {
    core.setOutput.mockImplementationOnce(() => {
      throw new Error('EIO: i/o error')
    })
    const reports = [report(PAUSE_STEP, 'wfl_1', changed(0), { statusAfter: 'paused' })]
    await finishStep(PAUSE_STEP, reports, 10, told, { failedBefore: 'The state was not saved.' })
    const outputsFailed = STEP.outputsFailed('EIO: i/o error', STEP.DONE.one('pause', 'wfl_1'))
    expect(core.setFailed.mock.calls).toEqual([[outputsFailed]])
    // The failure the step set before, then this one: the summary shows both.
    expect(core.summary.written.at(-1)).toContain('The state was not saved. Could not write')
  })

  it('warns, and does not fail, when the summary cannot be written', async () => {
    core.summary.write.mockImplementationOnce(async () => {
      throw new Error('EACCES')
    })
    await finishStep(RESUME_STEP, [report(RESUME_STEP, 'a', changed(0))], 10, told)
    expect(core.warning).toHaveBeenCalledWith(POST_LINE.summaryFailed('EACCES'))
    expect(core.setFailed).not.toHaveBeenCalled()
  })
})
