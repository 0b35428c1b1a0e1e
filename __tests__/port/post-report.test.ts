import { jest } from '@jest/globals'
import * as core from './fixtures/core.js'
import type { PauseState } from '../src/action/state.js'

jest.unstable_mockModule('@actions/core', () => core)
const { reportPostStep } = await import('../src/action/post-report.js')
const { ANNOTATED_FAILURES } = await import('../src/action/step-failure.js')

beforeEach(() => jest.clearAllMocks())

/** What a pause step with auto-resume saved; the settings do not matter to the report. */
function savedState(paused: PauseState['paused'], unconfirmed: string[]): PauseState {
  return {
    paused,
    unconfirmed,
    leftAlone: [],
    autoResume: true,
    settings: {
      apiUrl: 'http://127.0.0.1:1',
      ignoreConflict: false,
      maxRetries: 0,
      requestTimeoutMs: 1000,
      maxParallel: 1
    }
  }
}

describe('reportPostStep', () => {
  it('points past the annotated failures to its summary only: it has no results output', async () => {
    const ids = Array.from({ length: ANNOTATED_FAILURES + 2 }, (_, i) => `wfl_${i}`)
    const reports = ids.map(workflowId => ({
      workflowId,
      result: 'failed' as const,
      error: 'HTTP 500.',
      requests: 1,
      waits: 0,
      durationMs: 1
    }))
    const state = savedState(
      ids.map(workflowId => ({ workflowId, pausedAt: 0 })),
      []
    )
    await reportPostStep(state, reports, 1000)
    expect(core.setFailed.mock.calls).toEqual([
      [
        `${ids.length} of ${ids.length} workflows failed; see the errors above, and the job summary for the 2 not annotated.`
      ]
    ])
    expect(core.error).toHaveBeenCalledTimes(ANNOTATED_FAILURES)
  })

  it('never calls a workflow whose pause went unanswered still paused: it may never have been', async () => {
    process.env.GITHUB_STEP_SUMMARY = '/dev/null'
    const failed = { requests: 1, waits: 0, durationMs: 1, error: 'HTTP 503.' }
    const state = savedState([{ workflowId: 'wfl_ours', pausedAt: 0 }], ['wfl_unanswered'])
    try {
      await reportPostStep(
        state,
        [
          { workflowId: 'wfl_ours', result: 'failed', ...failed },
          { workflowId: 'wfl_unanswered', result: 'failed', ...failed }
        ],
        2000
      )
    } finally {
      delete process.env.GITHUB_STEP_SUMMARY
    }
    const [, ours, unanswered] = core.summary.rows as string[][]
    // Columns: Workflow, Name, Paused at, Resumed at, Paused for, Result, Reason.
    expect(ours!.slice(4, 6)).toEqual(['still paused, 2 s so far', '❌ Failed: still paused'])
    expect(unanswered!.slice(4, 6)).toEqual([
      'unknown: its pause went unanswered',
      '❌ Failed: may be paused'
    ])
  })
})
