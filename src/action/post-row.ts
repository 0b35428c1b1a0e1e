import { formatDuration } from '../core/format.js'
import { isDeleted } from '../core/outcome.js'
import { isPaused, normaliseStatus } from '../core/status.js'
import { Reported } from './report.js'
import { PauseState } from './state.js'
import { cell, NONE, reasonCell, Row, workflowCell } from './summary.js'

/** The post step's row: how long dialling was paused, and what is left paused. */
export function postRow({ state, now }: { state: PauseState; now: number }, r: Reported): Row {
  const { workflowId, statusAfter, end } = r.outcome
  const pausedAt = state.paused.find(p => p.workflowId === workflowId)?.pausedAt
  const since = (until: number): string =>
    pausedAt === undefined ? 'unknown' : formatDuration(Math.max(0, until - pausedAt))
  const other =
    statusAfter !== undefined && !isPaused(statusAfter) ? normaliseStatus(statusAfter) : undefined
  let result: string
  let span = NONE
  if (r.result === 'changed') {
    result = '✅ Resumed'
    span = since(end.kind === 'changed' ? end.at : now)
  } else if (isDeleted(end)) {
    ;[result, span] = ['❌ Failed: not found', 'not found: most likely deleted']
  } else if (r.result === 'failed' || r.result === 'cancelled') {
    const failed = r.result === 'failed' ? '❌ Failed' : '⛔ Cancelled'
    if (other !== undefined) {
      result = `${failed}: status ${other}`
      span = `${pausedAt === undefined ? 'not paused' : 'no longer paused'}: ${other}`
    } else {
      result = pausedAt === undefined ? `${failed}: may be paused` : `${failed}: still paused`
      span =
        pausedAt === undefined
          ? 'unknown: its pause went unanswered'
          : `still paused, ${since(now)} so far`
    }
  } else if (r.result === 'already') {
    result =
      pausedAt === undefined
        ? 'ℹ️ Not paused: its pause did not take effect, or someone resumed it'
        : 'ℹ️ Already active: resumed by someone else'
  } else if (r.result === 'skipped') {
    result = '⏭️ Not resumed: outside calling hours'
    span =
      pausedAt === undefined
        ? 'unknown: its pause went unanswered'
        : `still paused, ${since(now)} so far`
  } else if (r.result === 'conflict-ignored') result = '⚠️ Not resumed: no longer paused'
  else result = '❓ May have been resumed: check it'
  return [workflowCell(r), result, cell(span), reasonCell(r)]
}
