import { isDeleted } from '../core/outcome.js'
import { isPaused, normaliseStatus } from '../core/status.js'
import { Reported } from './report.js'
import { PauseState } from './state.js'
import { formatDuration } from './words.js'

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
