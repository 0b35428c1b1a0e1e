import { jest } from '@jest/globals'
import * as core from './fixtures/core.js'
import type { End, WorkflowOutcome } from '../src/core/outcome.js'

jest.unstable_mockModule('@actions/core', () => core)
const { loadPauseState, pauseStateOf, savePauseState, STATE_VERSION } =
  await import('../src/action/state.js')
const { readInputs } = await import('../src/action/inputs.js')
const { reportOf } = await import('../src/action/report.js')
const { PAUSE_STEP } = await import('../src/workflow/policy.js')

beforeEach(() => jest.clearAllMocks())

const key = 'dnx_test_0123456789abcdef'
const inputs: Record<string, string> = {
  'workflow-id': 'a,b,c,d,e,f,g',
  'api-key': key,
  'auto-resume': 'true'
}
const settings = readInputs('pause', name => inputs[name] ?? '')
const told = { maxRetries: 3, waitForPaused: false, waitTimeoutMs: 0, runAttempt: 1 }
const report = (workflowId: string, end: End, more: Partial<WorkflowOutcome> = {}) =>
  reportOf(
    PAUSE_STEP,
    { workflowId, end, requests: 1, waits: 0, durationMs: 5, ...more },
    true,
    told
  )
const timeout = { kind: 'timeout' as const, workflowId: 'x' }
const reports = [
  report('a', { kind: 'changed', confirmedBy: 'read-back', at: 1000 }),
  report('b', { kind: 'already' }, { statusAfter: 'paused' }),
  report('c', { kind: 'failed', error: timeout, found: true }),
  report('d', { kind: 'conflict', status: 'draft', ignored: true }),
  // Sent, unanswered, not read back: it may have taken effect, and may yet.
  report('e', { kind: 'unknown', cause: 'unanswered', error: timeout }),
  report('f', { kind: 'cancelled', status: 'active' }),
  // Cancelled before anything was sent: it cannot take effect.
  report('g', { kind: 'cancelled' })
]

describe('pauseStateOf', () => {
  it('records what this step paused or may have paused, what it left alone, and no key', () => {
    const state = pauseStateOf(settings, reports)
    expect(state).toEqual({
      version: STATE_VERSION,
      paused: [{ workflowId: 'a', pausedAt: 1000 }],
      unconfirmed: ['e', 'f'],
      leftAlone: ['b'],
      autoResume: true,
      settings: {
        apiUrl: 'https://api.dialnexa.com/v1',
        waitForPaused: false,
        pollIntervalMs: 1000,
        waitTimeoutMs: 0,
        ignoreConflict: false,
        maxRetries: 3,
        requestTimeoutMs: 30_000,
        maxParallel: 4,
        autoResume: true,
        dryRun: false,
        alreadyPaused: 'leave',
        callingRules: undefined,
        timeZone: undefined,
        closedDates: [],
        outsideCallingHours: 'fail'
      }
    })
    expect(JSON.stringify(state)).not.toContain(key)
  })
})

describe('the saved state', () => {
  const state = pauseStateOf(settings, reports)
  const load = (text: string) => {
    core.getState.mockReturnValueOnce(text)
    return loadPauseState()
  }
  const withFields = (changes: Record<string, unknown>) => JSON.stringify({ ...state, ...changes })
  const withSettings = (changes: Record<string, unknown>) =>
    withFields({ settings: { ...state.settings, ...changes } })

  it('is saved as JSON under one name, and read back as it was', () => {
    savePauseState(state)
    expect(core.saveState).toHaveBeenCalledWith('pause', JSON.stringify(state))
    expect(load(JSON.stringify(state))).toEqual(state)
    expect(core.getState).toHaveBeenCalledWith('pause')
  })

  it('is undefined when the pause step saved none', () => {
    expect(load('')).toBeUndefined()
  })

  it.each([
    ['not JSON', '{'],
    ['not an object', '[]'],
    ['null', 'null'],
    ['of another version', withFields({ version: STATE_VERSION + 1 })],
    ['without a version', withFields({ version: undefined })],
    ['with paused IDs alone', withFields({ paused: ['a'] })],
    [
      'with a pause time that is not a number',
      withFields({ paused: [{ workflowId: 'a', pausedAt: '1' }] })
    ],
    ['with an ID that could change a request', withFields({ unconfirmed: ['a/b'] })],
    ['without the list left alone', withFields({ leftAlone: undefined })],
    ['with auto-resume not a boolean', withFields({ autoResume: 'true' })],
    ['without settings', withFields({ settings: null })],
    ['without an api-url', withSettings({ apiUrl: 3 })],
    ['with an api-url the input refuses', withSettings({ apiUrl: 'http://api.dialnexa.com/v1' })],
    ['with max-retries as text', withSettings({ maxRetries: '3' })],
    ['with max-retries below 0', withSettings({ maxRetries: -1 })],
    ['with max-parallel 0', withSettings({ maxParallel: 0 })],
    ['with request-timeout 0', withSettings({ requestTimeoutMs: 0 })],
    // The pause action refuses 'wait': its post step resumes once, at the end of the job.
    [
      'asking the post step to wait for calling hours',
      withSettings({ outsideCallingHours: 'wait' })
    ]
  ])('cannot be used when it is %s', (_what, text) => {
    expect(load(text)).toBeNull()
  })
})
