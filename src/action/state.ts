import * as core from '@actions/core'
import { isUnconfirmed } from '../core/outcome.js'
import { parseApiUrl } from './input-rules.js'
import { Reported } from './report.js'
import { Settings } from './inputs.js'

export const STATE_VERSION = 1

// The post step must not re-read the inputs: in a composite action the runner can hand it another
// step's INPUT_* values (devcontainers/ci#442), so the pause step records all it used but the key.
export interface PauseState {
  version: typeof STATE_VERSION
  /** The workflows this step paused, and when each pause took effect (epoch ms). */
  paused: { workflowId: string; pausedAt: number }[]
  /** Their pause was sent, outcome unknown: it may take effect late, so resume them too. */
  unconfirmed: string[]
  /** Paused before this step, by someone else for their own reason: never resumed by us. */
  leftAlone: string[]
  autoResume: boolean
  settings: Omit<Settings, 'workflowIds'>
}

/** Saved under this name; the runner hands it to the post step as STATE_pause. */
const STATE_NAME = 'pause'

export function pauseStateOf(settings: Settings, reports: readonly Reported[]): PauseState {
  const ids = (keep: (r: Reported) => boolean): string[] =>
    reports.filter(keep).map(r => r.outcome.workflowId)
  const rest: Partial<Record<keyof Settings, unknown>> = { ...settings }
  delete rest.workflowIds
  return {
    version: STATE_VERSION,
    paused: reports.flatMap(({ outcome: { end, workflowId } }) =>
      end.kind === 'changed' || end.kind === 'adopted' ? [{ workflowId, pausedAt: end.at }] : []
    ),
    unconfirmed: ids(r => isUnconfirmed(r.outcome.end)),
    leftAlone: ids(r => r.result === 'already'),
    autoResume: settings.autoResume,
    settings: rest as PauseState['settings']
  }
}

export function savePauseState(state: PauseState): void {
  core.saveState(STATE_NAME, JSON.stringify(state))
}

/** The saved state; undefined when none was saved; null when it cannot be used. */
export function loadPauseState(): PauseState | undefined | null {
  const text = core.getState(STATE_NAME)
  if (text === '') return undefined
  try {
    const state: unknown = JSON.parse(text)
    if (!isPauseState(state)) return null
    // The key is sent there: parseApiUrl throws on a URL that would carry it in clear text.
    parseApiUrl(state.settings.apiUrl)
    return state
  } catch {
    return null
  }
}

/** Our own JSON, written by the pause step: a shape and version check is enough. */
function isPauseState(value: unknown): value is PauseState {
  const v = value as Partial<PauseState> | null
  const ids = (list: unknown): boolean =>
    Array.isArray(list) && list.every(id => typeof id === 'string' && /^[\w-]{1,128}$/.test(id))
  const whole = (n: unknown, min: number): boolean => Number.isInteger(n) && Number(n) >= min
  return (
    v?.version === STATE_VERSION &&
    Array.isArray(v.paused) &&
    v.paused.every(p => ids([p?.workflowId]) && Number.isFinite(p.pausedAt)) &&
    ids(v.unconfirmed) &&
    ids(v.leftAlone) &&
    typeof v.autoResume === 'boolean' &&
    typeof v.settings?.apiUrl === 'string' &&
    whole(v.settings.maxRetries, 0) &&
    whole(v.settings.requestTimeoutMs, 1) &&
    whole(v.settings.maxParallel, 1)
  )
}
