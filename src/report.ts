import * as core from '@actions/core'
import { capitalise, errorText, formatSeconds } from './format.js'
import {
  aggregate,
  closingLine,
  describeTally,
  MAX_FAILURE_LENGTH,
  stepFailure,
  tally,
  WorkflowReport,
  WorkflowResultKind
} from './outcome.js'
import { clip } from './untrusted.js'
import { StatusVerb } from './verb.js'

/** The only writer of the step's outputs, failure and job summary; the facts come from outcome.ts. */

/** Ends a step that ran: closing line, outputs, success or failure, then the summary. */
export async function reportStep(
  verb: StatusVerb,
  reports: readonly WorkflowReport[],
  durationMs: number
): Promise<void> {
  const failure = stepFailure(reports)
  if (reports.length > 1) core.info(closingLine(verb, reports))
  setOutputs(verb, reports)
  if (failure) core.setFailed(clip(failure, MAX_FAILURE_LENGTH))
  await writeSummary(verb, reports, durationMs, failure).catch(error =>
    core.warning(`Could not write the job summary: ${errorText(error)}`)
  )
}

export function setOutputs(verb: StatusVerb, reports: readonly WorkflowReport[]): void {
  const outputs = aggregate(verb, reports)
  core.setOutput('status', outputs.status)
  core.setOutput('enrolled-leads', outputs.enrolledLeads)
  core.setOutput(verb.past, outputs.changed)
  core.setOutput('workflow-name', outputs.workflowName)
  core.setOutput('results', outputs.results)
}

function resultText(verb: StatusVerb, result: WorkflowResultKind): string {
  switch (result) {
    case 'already':
      return `✅ Already ${verb.produces}`
    case 'conflict-ignored':
      return `⚠️ Not ${verb.acceptedWord}; conflict ignored`
    case 'failed':
      return '❌ Failed'
    case 'cancelled':
      return '⛔ Cancelled'
    default:
      return `✅ ${capitalise(result)}`
  }
}

type TableRow = Parameters<typeof core.summary.addTable>[0][number]

const cell = (text: string | undefined): string => (text ? escapeHtml(clip(text, 120)) : '—')
const leads = (count: number | undefined): string => (count === undefined ? '—' : String(count))

export async function writeSummary(
  verb: StatusVerb,
  reports: readonly WorkflowReport[],
  durationMs: number,
  failure?: string
): Promise<void> {
  // The summary file exists only on a runner; without it there is nothing to write to.
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const summary = core.summary.addHeading(`DialNexa workflow ${verb.name}`, 3)
  if (reports.length === 1) summary.addTable(singleTable(verb, reports[0]!, durationMs))
  else if (reports.length > 1)
    summary
      .addTable(multiTable(verb, reports))
      .addRaw(`<p>Time taken: ${formatSeconds(durationMs)}</p>`, true)
  if (failure) summary.addRaw(`<p>${escapeHtml(clip(failure, MAX_FAILURE_LENGTH))}</p>`, true)
  await summary.write()
}

function singleTable(verb: StatusVerb, report: WorkflowReport, durationMs: number): TableRow[] {
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
    ['Result', resultText(verb, report.result)],
    ['Requests (retries)', `${report.requests} (${report.retries})`],
    ['Time taken', formatSeconds(durationMs)]
  ]
}

function multiTable(verb: StatusVerb, reports: readonly WorkflowReport[]): TableRow[] {
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
    resultText(verb, r.result),
    `${r.requests} (${r.retries})`
  ])
  const counts = tally(reports)
  const totals = [
    `Total (${counts.total})`,
    '',
    '',
    '',
    leads(counts.enrolledLeads),
    describeTally(verb, counts),
    `${counts.requests} (${counts.retries})`
  ]
  return [header.map(data => ({ data, header: true })), ...rows, totals]
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'|]/g, c => `&#${c.charCodeAt(0)};`)
}
