import * as core from '@actions/core'
import { normaliseStatus } from './status.js'
import { clip, wrapUntrusted } from './untrusted.js'
import { formatSeconds } from './wait.js'

/** What one run did, gathered as it goes, then turned into outputs, a summary and log lines. */
export interface RunReport {
  workflowId: string
  workflowName?: string
  statusBefore?: string
  statusAfter?: string
  enrolledLeads?: number
  result: 'resumed' | 'conflict-ignored' | 'failed' | 'cancelled'
  requests: number
  retries: number
  durationMs: number
  error?: string
}

/** Server text in outputs is made single-line and bounded: later steps often echo it. */
export function setOutputs(report: RunReport): void {
  const status = report.statusAfter === undefined ? '' : normaliseStatus(report.statusAfter)
  core.setOutput('status', clip(status, 100))
  core.setOutput(
    'enrolled-leads',
    report.enrolledLeads === undefined ? '' : String(report.enrolledLeads)
  )
  core.setOutput('resumed', String(report.result === 'resumed'))
  core.setOutput('workflow-name', clip(report.workflowName ?? ''))
}

const RESULT_TEXT: Record<RunReport['result'], string> = {
  resumed: '✅ Resumed',
  'conflict-ignored': '⚠️ Not paused; conflict ignored',
  failed: '❌ Failed',
  cancelled: '⛔ Cancelled'
}

export async function writeSummary(report: RunReport): Promise<void> {
  // The summary file exists only on a runner; without it there is nothing to write to.
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const cell = (text: string | undefined): string => (text ? escapeHtml(clip(text, 120)) : '—')
  const name = report.workflowName ? ` (${report.workflowName})` : ''
  const rows: string[][] = [
    ['Workflow', cell(`${report.workflowId}${name}`)],
    ['Status before', cell(report.statusBefore)],
    ['Status after', cell(report.statusAfter)],
    ['Enrolled leads', report.enrolledLeads === undefined ? '—' : String(report.enrolledLeads)],
    ['Result', RESULT_TEXT[report.result]],
    ['Requests (retries)', `${report.requests} (${report.retries})`],
    ['Time taken', formatSeconds(report.durationMs)]
  ]
  const summary = core.summary.addHeading('DialNexa workflow resume', 3).addTable([
    [
      { data: 'Field', header: true },
      { data: 'Value', header: true }
    ],
    ...rows
  ])
  if (report.error) summary.addRaw(`<p>${escapeHtml(clip(report.error, 600))}</p>`, true)
  await summary.write()
}

/** Logs a line that may carry server text without letting it become a workflow command. */
export function infoUntrusted(line: string): void {
  const safe = clip(line, 1000)
  if (safe.includes('::') || safe.includes('##[')) core.info(wrapUntrusted([safe]))
  else core.info(safe)
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'|]/g, c => `&#${c.charCodeAt(0)};`)
}
