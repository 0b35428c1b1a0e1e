import * as core from '@actions/core'
import { WorkflowReport } from '../core/outcome.js'
import { PauseSettings } from './pause-settings.js'
import {
  InputError,
  MAX_PARALLEL_CAP,
  MAX_RETRIES_CAP,
  parseApiUrl,
  parseSeconds,
  parseWholeNumber,
  parseWorkflowIds
} from './inputs.js'
import { StepSettings } from './settings.js'

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
   * cancellation, even when the check right after still read them active): it may have taken
   * effect, or take effect late, so the post step resumes them too. A resume of
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

/** Saved state that cannot be used: an expected failure, told plainly, never a bug. */
export class PauseStateError extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'PauseStateError'
  }
}

/** The saved state, or undefined when the pause step saved none (it stopped before acting). */
export function loadPauseState(): PauseState | undefined {
  const text = core.getState(STATE_NAME)
  return text === '' ? undefined : parsePauseState(text)
}

/**
 * Our own JSON, but read from the environment: its shape is checked, and every setting and ID
 * held to the rules of the input it came from, before anything is sent. A value those rules
 * refuse (max-parallel 0, a negative timeout, a path for an ID) would otherwise hang the step,
 * crash the client, or change the request.
 */
export function parsePauseState(text: string): PauseState {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    value = undefined
  }
  if (!isPauseState(value)) throw new PauseStateError('it is not readable.')
  try {
    checkAsInputs(value)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    throw new PauseStateError(error.message.replace(/^Input /, 'its saved '))
  }
  return value
}

function checkAsInputs({ paused, unconfirmed, leftAlone, settings }: PauseState): void {
  for (const ids of [paused.map(p => p.workflowId), unconfirmed, leftAlone]) {
    if (ids.length > 0) parseWorkflowIds(ids.join('\n'))
  }
  parseApiUrl(settings.apiUrl)
  parseWholeNumber('max-retries', String(settings.maxRetries), 0, MAX_RETRIES_CAP)
  parseWholeNumber('max-parallel', String(settings.maxParallel), 1, MAX_PARALLEL_CAP)
  // Whole milliseconds, so the seconds they came from read back exactly.
  if (!Number.isInteger(settings.requestTimeoutMs)) {
    throw new InputError('request-timeout', 'must be a whole number of milliseconds.')
  }
  parseSeconds('request-timeout', String(settings.requestTimeoutMs / 1000))
}

function isPauseState(value: unknown): value is PauseState {
  if (!isObject(value) || !isObject(value.settings)) return false
  const { paused, unconfirmed, leftAlone, autoResume, settings } = value
  return (
    Array.isArray(paused) &&
    paused.every(p => isObject(p) && typeof p.workflowId === 'string' && isDateMs(p.pausedAt)) &&
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

function isDateMs(value: unknown): boolean {
  return typeof value === 'number' && !Number.isNaN(new Date(value).getTime())
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(item => typeof item === 'string')
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}
