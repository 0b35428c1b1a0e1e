import { PAUSE_SETTING_INPUTS, readPauseSettings } from '../src/action/pause-settings.js'
import { parsePauseState, PauseStateError, pauseStateOf } from '../src/action/state.js'
import { WorkflowReport } from '../src/core/outcome.js'
import { InputError } from '../src/action/inputs.js'
import { describeSettings } from '../src/action/settings.js'

const base = { requests: 1, waits: 0, durationMs: 5 }
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
      new PauseStateError('it is not readable.')
    )
    expect(() =>
      parsePauseState(
        JSON.stringify({ ...state, settings: { ...state.settings, maxRetries: '3' } })
      )
    ).toThrow('not readable')
    expect(() => parsePauseState('{')).toThrow('not readable')
  })

  it('holds the saved settings and IDs to the rules of the inputs they came from', () => {
    const state = pauseStateOf(settings, reports)
    const withSettings = (changes: Record<string, unknown>): string =>
      JSON.stringify({ ...state, settings: { ...state.settings, ...changes } })
    expect(() => parsePauseState(withSettings({ maxParallel: 21 }))).toThrow(
      new PauseStateError(
        `its saved 'max-parallel' must be a whole number from 1 to 20 (got "21").`
      )
    )
    expect(() => parsePauseState(withSettings({ maxRetries: -1 }))).toThrow("'max-retries'")
    expect(() => parsePauseState(withSettings({ requestTimeoutMs: 0 }))).toThrow(
      "'request-timeout'"
    )
    // The input's own bound applies to the saved value too.
    expect(() => parsePauseState(withSettings({ requestTimeoutMs: 300_001 }))).toThrow(
      "'request-timeout'"
    )
    expect(() => parsePauseState(withSettings({ apiUrl: 'https://x/v1?k=1' }))).toThrow("'api-url'")
    expect(() => parsePauseState(JSON.stringify({ ...state, unconfirmed: ['a/b'] }))).toThrow(
      "'workflow-id'"
    )
    expect(parsePauseState(withSettings({ requestTimeoutMs: 1 })).settings.requestTimeoutMs).toBe(1)
  })
})
