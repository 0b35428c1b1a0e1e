import * as core from '@actions/core'
import { isDeleted, isUnconfirmed } from '../core/outcome.js'
import { isPaused, normaliseStatus } from '../core/status.js'
import { parseApiUrl } from './input-rules.js'
import { Settings } from './inputs.js'
import { Reported } from './report.js'
import { formatDuration } from './words.js'

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

/** The runner hands it to the post step as STATE_pause. */
export const savePauseState = (state: PauseState): void =>
  core.saveState('pause', JSON.stringify(state))

/** The saved state; undefined when none was saved; null when it cannot be used. */
export function loadPauseState(): PauseState | undefined | null {
  const text = core.getState('pause')
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
    [v.unconfirmed, v.leftAlone].every(ids) &&
    typeof v.autoResume === 'boolean' &&
    typeof v.settings?.apiUrl === 'string' &&
    v.settings.outsideCallingHours !== 'wait' &&
    whole(v.settings.maxRetries, 0) &&
    whole(v.settings.requestTimeoutMs, 1) &&
    whole(v.settings.maxParallel, 1)
  )
}

const pausedAtOf = (state: PauseState, workflowId: string): number | undefined =>
  state.paused.find(p => p.workflowId === workflowId)?.pausedAt

/** The post step's log: for each resumed workflow, how long dialling was paused. */
export function pauseSpanLines(state: PauseState, reports: readonly Reported[]): string[] {
  return reports.flatMap(({ outcome: { workflowId: id, end } }) => {
    if (end.kind !== 'changed') return []
    const pausedAt = pausedAtOf(state, id)
    return pausedAt === undefined
      ? [`Dialling for ${id} was resumed; its unanswered pause had taken effect.`]
      : [`Dialling for ${id} was paused for ${formatDuration(Math.max(0, end.at - pausedAt))}.`]
  })
}

/** The post step's Result and "Paused for" cells, unescaped: how long, and what is left paused. */
export function postCells(state: PauseState, now: number, r: Reported): [string, string?] {
  const { workflowId, statusAfter, end } = r.outcome
  const pausedAt = pausedAtOf(state, workflowId)
  const since = (until: number): string =>
    pausedAt === undefined ? 'unknown' : formatDuration(Math.max(0, until - pausedAt))
  const stillPaused =
    pausedAt === undefined
      ? 'unknown: its pause went unanswered'
      : `still paused, ${since(now)} so far`
  if (isDeleted(end)) return ['❌ Failed: not found', 'not found: most likely deleted']
  switch (r.result) {
    case 'changed':
      return ['✅ Resumed', since(end.kind === 'changed' ? end.at : now)]
    case 'failed':
    case 'cancelled': {
      const failed = r.result === 'failed' ? '❌ Failed' : '⛔ Cancelled'
      if (statusAfter === undefined || isPaused(statusAfter))
        return [`${failed}: ${pausedAt === undefined ? 'may be' : 'still'} paused`, stillPaused]
      const other = normaliseStatus(statusAfter)
      const was = pausedAt === undefined ? 'not paused' : 'no longer paused'
      return [`${failed}: status ${other}`, `${was}: ${other}`]
    }
    case 'already':
      return [
        pausedAt === undefined
          ? 'ℹ️ Not paused: its pause did not take effect, or someone resumed it'
          : 'ℹ️ Already active: resumed by someone else'
      ]
    case 'skipped':
      return ['⏭️ Not resumed: outside calling hours', stillPaused]
    case 'conflict-ignored':
      return ['⚠️ Not resumed: no longer paused']
    case 'unknown':
    case 'preview':
      return ['❓ May have been resumed: check it']
  }
}
