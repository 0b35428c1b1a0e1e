import * as core from '@actions/core'
import { WorkflowReport } from './outcome.js'
import { PauseSettings } from './pause-settings.js'
import { StepSettings } from './step.js'

/**
 * What the pause step hands its post step through core.saveState: everything but the key.
 * The post step must not re-read these inputs: inside a composite action the runner can hand
 * a post step another step's INPUT_* values (devcontainers/ci#442), so the step that acted
 * records what it acted with.
 */

export interface PauseState {
  /** The workflows this step paused, and when each pause took effect (epoch ms). */
  paused: { workflowId: string; pausedAt: number }[]
  /**
   * Their pause was sent but its outcome is unknown (answer lost, or cut short by a
   * cancellation): it may have taken effect, so the post step resumes them too. A resume of
   * one that is not paused finds it active and changes nothing.
   */
  unconfirmed: string[]
  /** Paused before this step, by someone else for their own reason: never resumed by us. */
  leftAlone: string[]
  autoResume: boolean
  settings: Omit<StepSettings, 'workflowIds' | 'apiKey'>
}

/** Saved under this name; the runner hands it to the post step as STATE_pause. */
const STATE_NAME = 'pause'

export function pauseStateOf(
  settings: PauseSettings,
  reports: readonly WorkflowReport[]
): PauseState {
  return {
    paused: reports
      .filter(r => r.result === 'paused')
      .map(r => ({ workflowId: r.workflowId, pausedAt: r.changedAt ?? 0 })),
    unconfirmed: reports.filter(r => r.unconfirmed && r.result !== 'paused').map(r => r.workflowId),
    leftAlone: reports.filter(r => r.result === 'already' && !r.unconfirmed).map(r => r.workflowId),
    autoResume: settings.autoResume,
    settings: {
      apiUrl: settings.apiUrl,
      ignoreConflict: settings.ignoreConflict,
      maxRetries: settings.maxRetries,
      requestTimeoutMs: settings.requestTimeoutMs,
      maxParallel: settings.maxParallel
    }
  }
}

export function savePauseState(state: PauseState): void {
  core.saveState(STATE_NAME, JSON.stringify(state))
}

/** The saved state, or undefined when the pause step saved none (it stopped before acting). */
export function loadPauseState(): PauseState | undefined {
  const text = core.getState(STATE_NAME)
  return text === '' ? undefined : parsePauseState(text)
}

/** Our own JSON, but read from the environment: its shape is checked before anything is sent. */
export function parsePauseState(text: string): PauseState {
  const value: unknown = JSON.parse(text)
  if (!isPauseState(value)) throw new Error('the state the pause step saved is not readable.')
  return value
}

function isPauseState(value: unknown): value is PauseState {
  if (!isObject(value) || !isObject(value.settings)) return false
  const { paused, unconfirmed, leftAlone, autoResume, settings } = value
  return (
    Array.isArray(paused) &&
    paused.every(
      p => isObject(p) && typeof p.workflowId === 'string' && typeof p.pausedAt === 'number'
    ) &&
    isStringArray(unconfirmed) &&
    isStringArray(leftAlone) &&
    typeof autoResume === 'boolean' &&
    typeof settings.apiUrl === 'string' &&
    typeof settings.ignoreConflict === 'boolean' &&
    ['maxRetries', 'requestTimeoutMs', 'maxParallel'].every(
      key => typeof settings[key] === 'number'
    )
  )
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(item => typeof item === 'string')
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}
