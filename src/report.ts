import * as core from '@actions/core'
import { normaliseStatus } from './status.js'
import { formatSeconds } from './format.js'
import { clip } from './untrusted.js'
import { ChangedResult } from './verb.js'

/** What happened to one workflow, gathered as it goes, then turned into outputs and a summary. */
export interface WorkflowReport {
  workflowId: string
  workflowName?: string
  statusBefore?: string
  statusAfter?: string
  enrolledLeads?: number
  result: ChangedResult | 'conflict-ignored' | 'failed' | 'cancelled'
  requests: number
  retries: number
  durationMs: number
  error?: string
}

/** One entry of the `results` output. */
export interface WorkflowResult {
  'workflow-id': string
  'workflow-name': string | null
  status: string | null
  'enrolled-leads': number | null
  resumed: boolean
  error: string | null
}

export function toResult(report: WorkflowReport): WorkflowResult {
  return {
    'workflow-id': report.workflowId,
    'workflow-name': report.workflowName === undefined ? null : clip(report.workflowName),
    status:
      report.statusAfter === undefined ? null : clip(normaliseStatus(report.statusAfter), 100),
    'enrolled-leads': report.enrolledLeads ?? null,
    resumed: report.result === 'resumed',
    error: report.error ?? null
  }
}

/**
 * With one workflow the outputs describe it; with several, `status` is the common status or
 * `mixed`, `enrolled-leads` the sum of reported counts, and `resumed` true only if all were.
 * Server text is made single-line and bounded: later steps often echo it.
 */
export function setOutputs(reports: readonly WorkflowReport[]): void {
  const results = reports.map(toResult)
  const statuses = new Set(results.map(r => r.status ?? ''))
  const counts = results.map(r => r['enrolled-leads']).filter((n): n is number => n !== null)
  const status = statuses.size === 1 ? [...statuses][0]! : 'mixed'
  core.setOutput('status', status)
  core.setOutput('enrolled-leads', counts.length ? String(counts.reduce((a, b) => a + b, 0)) : '')
  core.setOutput('resumed', String(results.every(r => r.resumed)))
  core.setOutput(
    'workflow-name',
    results
      .map(r => r['workflow-name'])
      .filter(name => name)
      .join(', ')
  )
  core.setOutput('results', JSON.stringify(results))
}

const RESULT_TEXT: Record<WorkflowReport['result'], string> = {
  resumed: '✅ Resumed',
  paused: '✅ Paused',
  'conflict-ignored': '⚠️ Not paused; conflict ignored',
  failed: '❌ Failed',
  cancelled: '⛔ Cancelled'
}

type TableRow = Parameters<typeof core.summary.addTable>[0][number]

const cell = (text: string | undefined): string => (text ? escapeHtml(clip(text, 120)) : '—')
const leads = (count: number | undefined): string => (count === undefined ? '—' : String(count))

export async function writeSummary(
  reports: readonly WorkflowReport[],
  durationMs: number,
  failure?: string
): Promise<void> {
  // The summary file exists only on a runner; without it there is nothing to write to.
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const summary = core.summary.addHeading('DialNexa workflow resume', 3)
  if (reports.length === 1) summary.addTable(singleTable(reports[0]!, durationMs))
  else if (reports.length > 1)
    summary
      .addTable(multiTable(reports))
      .addRaw(`<p>Time taken: ${formatSeconds(durationMs)}</p>`, true)
  if (failure) summary.addRaw(`<p>${escapeHtml(clip(failure, 2000))}</p>`, true)
  await summary.write()
}

function singleTable(report: WorkflowReport, durationMs: number): TableRow[] {
  const name = report.workflowName ? ` (${report.workflowName})` : ''
  return [
    [
      { data: 'Field', header: true },
      { data: 'Value', header: true }
    ],
    ['Workflow', cell(`${report.workflowId}${name}`)],
    ['Status before', cell(report.statusBefore)],
    ['Status after', cell(report.statusAfter)],
    ['Enrolled leads', leads(report.enrolledLeads)],
    ['Result', RESULT_TEXT[report.result]],
    ['Requests (retries)', `${report.requests} (${report.retries})`],
    ['Time taken', formatSeconds(durationMs)]
  ]
}

function multiTable(reports: readonly WorkflowReport[]): TableRow[] {
  const header = [
    'Workflow',
    'Name',
    'Status before',
    'Status after',
    'Enrolled leads',
    'Result',
    'Requests (retries)'
  ]
  const rows = reports.map(r => [
    cell(r.workflowId),
    cell(r.workflowName),
    cell(r.statusBefore),
    cell(r.statusAfter),
    leads(r.enrolledLeads),
    RESULT_TEXT[r.result],
    `${r.requests} (${r.retries})`
  ])
  const counted = reports.filter(r => r.enrolledLeads !== undefined)
  const tally = (result: WorkflowReport['result']): number =>
    reports.filter(r => r.result === result).length
  const outcome = [
    `${tally('resumed')} resumed`,
    tally('conflict-ignored') && `${tally('conflict-ignored')} conflict ignored`,
    tally('failed') && `${tally('failed')} failed`,
    tally('cancelled') && `${tally('cancelled')} cancelled`
  ].filter(Boolean)
  const sum = (pick: (r: WorkflowReport) => number): number =>
    reports.reduce((total, r) => total + pick(r), 0)
  const totals = [
    `Total (${reports.length})`,
    '',
    '',
    '',
    counted.length ? String(counted.reduce((total, r) => total + r.enrolledLeads!, 0)) : '—',
    outcome.join(', '),
    `${sum(r => r.requests)} (${sum(r => r.retries)})`
  ]
  return [header.map(data => ({ data, header: true })), ...rows, totals]
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'|]/g, c => `&#${c.charCodeAt(0)};`)
}
