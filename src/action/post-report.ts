import * as core from '@actions/core'
import { errorText, formatDuration } from '../core/format.js'
import { MAX_FAILURE_LENGTH, stepFailure } from './step-failure.js'
import { closingLine } from './tally.js'
import { WorkflowReport, WorkflowResultKind } from '../core/outcome.js'
import { PauseState } from './state.js'
import {
  addStepFailure,
  annotateFailures,
  cell,
  escapeHtml,
  reasonCell,
  TableRow
} from './report.js'
import { clip } from '../core/redact.js'
import { isPaused, normaliseStatus } from '../core/status.js'
import { RESUME } from '../core/verb.js'

/**
 * The post step's report: no outputs (no later step could read them), its own failure and a
 * job summary of which workflows were paused and resumed, and for how long dialling was paused.
 */

export async function reportPostStep(
  state: PauseState,
  reports: readonly WorkflowReport[],
  now: number
): Promise<void> {
  const rows = reports.map(report => pauseSpan(state, report, now))
  for (const row of rows) if (row.line) core.info(row.line)
  if (reports.length > 1) core.info(closingLine(RESUME, reports))
  annotateFailures(reports)
  // The post step has no outputs: its summary is the only full list.
  const failure = stepFailure(reports, 'summary')
  if (failure) core.setFailed(clip(failure, MAX_FAILURE_LENGTH))
  await writePostSummary(state, rows, failure).catch(error =>
    core.warning(`Could not write the job summary: ${errorText(error)}`)
  )
}

interface PauseSpan {
  report: WorkflowReport
  /** When our pause took effect; undefined when its outcome was never confirmed. */
  pausedAt?: number
  /** When our resume took effect; undefined when this step did not resume it. */
  resumedAt?: number
  /** How long it was paused, or has been so far when it is still paused. */
  text: string
  /** The status last seen, when it is not paused: then a failed resume did not leave it paused. */
  otherStatus?: string
  /** A 404 after its pause: most likely deleted. */
  notFound?: boolean
  line?: string
}

function pauseSpan(state: PauseState, report: WorkflowReport, now: number): PauseSpan {
  const pausedAt = state.paused.find(p => p.workflowId === report.workflowId)?.pausedAt
  const since = (end: number): string =>
    pausedAt === undefined ? 'unknown' : formatDuration(Math.max(0, end - pausedAt))
  const id = report.workflowId
  if (report.result === 'resumed') {
    const resumedAt = report.changedAt ?? now
    const span = since(resumedAt)
    return {
      report,
      pausedAt,
      resumedAt,
      text: span,
      line:
        pausedAt === undefined
          ? `Dialling for ${id} was resumed; its unanswered pause had taken effect.`
          : `Dialling for ${id} was paused for ${span}.`
    }
  }
  if (report.result === 'failed' && report.deleted) {
    // The error says it was most likely deleted: the row must not call it still paused.
    return { report, pausedAt, text: 'not found: most likely deleted', notFound: true }
  }
  if (report.result === 'failed' || report.result === 'cancelled') {
    const seen = report.statusAfter
    if (seen !== undefined && !isPaused(seen)) {
      const otherStatus = normaliseStatus(seen)
      const paused = pausedAt === undefined ? 'not paused' : 'no longer paused'
      return { report, pausedAt, otherStatus, text: `${paused}: ${otherStatus}` }
    }
    // An unanswered pause may never have taken effect: only ours is known to be paused.
    const text =
      pausedAt === undefined
        ? 'unknown: its pause went unanswered'
        : `still paused, ${since(now)} so far`
    return { report, pausedAt, text }
  }
  // Resumed by someone else, or final: when it stopped being paused is not ours to know.
  return { report, pausedAt, text: '—' }
}

const clockTime = (ms: number): string => `${new Date(ms).toISOString().slice(11, 19)} UTC`

async function writePostSummary(
  state: PauseState,
  rows: readonly PauseSpan[],
  failure: string | undefined
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const header = ['Workflow', 'Name', 'Paused at', 'Resumed at', 'Paused for', 'Result', 'Reason']
  const table: TableRow[] = [
    header.map(data => ({ data, header: true })),
    ...rows.map(({ report, pausedAt, resumedAt, text, otherStatus, notFound }) => [
      cell(report.workflowId),
      cell(report.workflowName),
      pausedAt === undefined ? 'unconfirmed' : clockTime(pausedAt),
      resumedAt === undefined ? '—' : clockTime(resumedAt),
      cell(text),
      cell(
        notFound
          ? '❌ Failed: not found'
          : resultText(report.result, pausedAt === undefined, otherStatus)
      ),
      reasonCell(report)
    ])
  ]
  const summary = core.summary
    .addHeading(
      // The heading is what a person reads first: it never claims a resume that failed.
      rows.some(row => row.report.error !== undefined)
        ? 'DialNexa: not every workflow was resumed at the end of the job'
        : 'DialNexa: dialling resumed at the end of the job',
      3
    )
    .addTable(table)
  if (state.leftAlone.length > 0) {
    summary.addRaw(
      // Whole: the IDs passed the input's rules, and a list cut short would hide some of them.
      `<p>Left paused, because they were paused before the pause step: ${escapeHtml(state.leftAlone.join(', '))}</p>`,
      true
    )
  }
  addStepFailure(
    summary,
    rows.map(row => row.report),
    failure
  )
  await summary.write()
}

function resultText(
  result: WorkflowResultKind,
  unconfirmed: boolean,
  otherStatus: string | undefined
): string {
  switch (result) {
    case 'resumed':
      return '✅ Resumed'
    case 'already':
      return unconfirmed
        ? 'ℹ️ Not paused: its pause did not take effect, or someone resumed it'
        : 'ℹ️ Already active: resumed by someone else'
    case 'conflict-ignored':
      return '⚠️ Not resumed: no longer paused'
    case 'cancelled':
      return otherStatus
        ? `⛔ Cancelled: status ${otherStatus}`
        : '⛔ Cancelled: may still be paused'
    case 'unknown':
      return '❓ May have been resumed: check it'
    default:
      if (otherStatus) return `❌ Failed: status ${otherStatus}`
      return unconfirmed ? '❌ Failed: may be paused' : '❌ Failed: still paused'
  }
}
