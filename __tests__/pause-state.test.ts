import { PAUSE_SETTING_INPUTS, readPauseSettings } from '../src/pause-settings.js'
import { parsePauseState, pauseStateOf } from '../src/pause-state.js'
import { WorkflowReport } from '../src/outcome.js'
import { describeSettings, InputError } from '../src/settings.js'

const base = { requests: 1, retries: 0, durationMs: 5 }
const inputs =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? ''
const key = 'dnx_test_0123456789abcdef'

describe('readPauseSettings', () => {
  it('reads the shared inputs with their defaults, and auto-resume', () => {
    const settings = readPauseSettings(inputs({ 'workflow-id': 'wfl_a,wfl_b', 'api-key': key }))
    expect(settings).toEqual({
      workflowIds: ['wfl_a', 'wfl_b'],
      apiKey: key,
      apiUrl: 'https://api.dialnexa.com/v1',
      ignoreConflict: false,
      maxRetries: 3,
      requestTimeoutMs: 30_000,
      maxParallel: 4,
      autoResume: false
    })
    expect(
      readPauseSettings(inputs({ 'workflow-id': 'w', 'api-key': key, 'auto-resume': 'True' }))
        .autoResume
    ).toBe(true)
  })

  it('rejects an auto-resume that is not a boolean, naming the input', () => {
    expect(() =>
      readPauseSettings(inputs({ 'workflow-id': 'w', 'api-key': key, 'auto-resume': 'yes' }))
    ).toThrow(new InputError('auto-resume', 'must be true or false (got "yes").'))
  })

  it('ignores the resume-only inputs it does not have', () => {
    const settings = readPauseSettings(
      inputs({ 'workflow-id': 'w', 'api-key': key, 'poll-interval': 'soon' })
    )
    expect(settings).not.toHaveProperty('pollIntervalMs')
  })

  it('describes every setting but the key', () => {
    const settings = readPauseSettings(inputs({ 'workflow-id': 'w', 'api-key': key }))
    const line = describeSettings(settings, PAUSE_SETTING_INPUTS)
    expect(line).toBe(
      'Settings: workflow-id=w api-url=https://api.dialnexa.com/v1 ignore-conflict=false max-retries=3 request-timeout=30000ms max-parallel=4 auto-resume=false'
    )
    expect(line).not.toContain(key)
  })
})

describe('pause state', () => {
  const settings = readPauseSettings(
    inputs({ 'workflow-id': 'a,b,c,d', 'api-key': key, 'auto-resume': 'true' })
  )
  const reports: WorkflowReport[] = [
    { ...base, workflowId: 'a', result: 'paused', changedAt: 1000 },
    { ...base, workflowId: 'b', result: 'already' },
    { ...base, workflowId: 'c', result: 'failed', error: 'x' },
    { ...base, workflowId: 'd', result: 'conflict-ignored' },
    // Sent, unanswered, not read back: it may have taken effect, whatever the result says.
    { ...base, workflowId: 'e', result: 'failed', error: 'x', unconfirmed: true },
    { ...base, workflowId: 'f', result: 'cancelled', error: 'x', unconfirmed: true },
    { ...base, workflowId: 'g', result: 'already', unconfirmed: true }
  ]

  it('records what this step paused or may have paused, what it left alone, and no key', () => {
    const state = pauseStateOf(settings, reports)
    expect(state).toEqual({
      paused: [{ workflowId: 'a', pausedAt: 1000 }],
      unconfirmed: ['e', 'f', 'g'],
      leftAlone: ['b'],
      autoResume: true,
      settings: {
        apiUrl: 'https://api.dialnexa.com/v1',
        ignoreConflict: false,
        maxRetries: 3,
        requestTimeoutMs: 30_000,
        maxParallel: 4
      }
    })
    expect(JSON.stringify(state)).not.toContain(key)
  })

  it('reads back what it saved, and refuses a state of another shape', () => {
    const state = pauseStateOf(settings, reports)
    expect(parsePauseState(JSON.stringify(state))).toEqual(state)
    expect(() => parsePauseState(JSON.stringify({ ...state, paused: ['a'] }))).toThrow(
      'the state the pause step saved is not readable.'
    )
    expect(() =>
      parsePauseState(
        JSON.stringify({ ...state, settings: { ...state.settings, maxRetries: '3' } })
      )
    ).toThrow('not readable')
    expect(() => parsePauseState('{')).toThrow()
  })
})
