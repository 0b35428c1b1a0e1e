import * as core from '@actions/core'
import { capitalise, errorText, formatSeconds } from '../core/format.js'
import {
  MAX_FAILURE_LENGTH,
  outputsFailure,
  stepFailure,
  workflowAnnotations
} from './step-failure.js'
import { aggregate } from './step-outputs.js'
import { closingLine, describeTally, tally } from './tally.js'
import { WorkflowReport, WorkflowResultKind } from '../core/outcome.js'
import { clip } from '../core/redact.js'
import { StatusVerb } from '../core/verb.js'

/** The only writer of the step's outputs, failure and job summary; the facts come from step-outputs.ts, step-failure.ts and tally.ts. */

/**
 * Ends a step that ran: closing line, outputs, success or failure, then the summary.
 * `failedBefore` is a failure the step already set, beyond its workflows', for the summary.
 */
export async function reportStep(
  verb: StatusVerb,
  reports: readonly WorkflowReport[],
  durationMs: number,
  failedBefore?: string
): Promise<void> {
  const failure = stepFailure(reports, 'summary-and-results')
  if (reports.length > 1) core.info(closingLine(verb, reports))
  annotateFailures(reports)
  let outputsError: string | undefined
  try {
    setOutputs(verb, reports)
  } catch (error) {
    // What was done must still be said, above all a change later steps cannot now read about.
    outputsError = outputsFailure(verb, reports, errorText(error))
    core.setFailed(outputsError)
  }
  if (failure) core.setFailed(clip(failure, MAX_FAILURE_LENGTH))
  const said = [failedBefore, outputsError, failure].filter(text => text !== undefined).join(' ')
  await writeSummary(verb, reports, durationMs, said || undefined).catch(error =>
    core.warning(`Could not write the job summary: ${errorText(error)}`)
  )
}

/** One titled error per failed workflow, when there are several: the closing line points to them. */
export function annotateFailures(reports: readonly WorkflowReport[]): void {
  for (const { title, message } of workflowAnnotations(reports)) core.error(message, { title })
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
    case 'unknown':
      return `❓ May have been ${verb.past}`
    default:
      return `✅ ${capitalise(result)}`
  }
}

export type TableRow = Parameters<typeof core.summary.addTable>[0][number]
type TableCell = TableRow[number]

const NONE = '—'
/** Text that may come from the server, bounded and escaped; a dash when there is none. */
export const cell = (text: string | undefined, max = 120): string =>
  text ? escapeHtml(clip(text, max)) : NONE
const leads = (count: number | undefined): string => (count === undefined ? NONE : String(count))
const waited = (ms: number | undefined): string => (ms === undefined ? NONE : formatSeconds(ms))
/**
 * Why a workflow failed or was let pass, whole: the summary may be the only place that says it,
 * and its advice comes last. The reason is ours and already bounded.
 */
export const reasonCell = (r: WorkflowReport): string =>
  cell(r.error ?? r.warning, MAX_FAILURE_LENGTH)

/** core.summary.addTable writes an empty cell as an unclosed `<td>`, so none is ever passed. */
export function filledTable(rows: readonly TableRow[]): TableRow[] {
  const fill = (c: TableCell): TableCell =>
    typeof c === 'string' ? c || NONE : { ...c, data: c.data || NONE }
  return rows.map(row => row.map(fill))
}

export async function writeSummary(
  verb: StatusVerb,
  reports: readonly WorkflowReport[],
  durationMs: number,
  failure?: string
): Promise<void> {
  // The summary file exists only on a runner; without it there is nothing to write to.
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const summary = core.summary.addHeading(`DialNexa workflow ${verb.name}`, 3)
  const [only] = reports
  if (only && reports.length === 1)
    summary.addTable(filledTable(singleTable(verb, only, durationMs)))
  else if (reports.length > 1)
    summary
      .addTable(filledTable(multiTable(verb, reports)))
      .addRaw(`<p>Time taken: ${formatSeconds(durationMs)}</p>`, true)
  addStepFailure(summary, reports, failure)
  await summary.write()
}

/**
 * The step's failure below the table, unless it is the one workflow's reason, already in it.
 * Whole, as the annotation shows it: it is ours, bounded part by part (see MAX_FAILURE_LENGTH),
 * and may list workflow IDs that a cut would hide.
 */
export function addStepFailure(
  summary: typeof core.summary,
  reports: readonly WorkflowReport[],
  failure: string | undefined
): void {
  const shown = reports.length === 1 && failure === reports[0]?.error
  if (failure && !shown) summary.addRaw(`<p>${escapeHtml(failure)}</p>`, true)
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
    ...(report.error || report.warning ? [['Reason', reasonCell(report)]] : []),
    ...(report.waitedMs === undefined ? [] : [['Time waiting', waited(report.waitedMs)]]),
    ['Requests (waits)', `${report.requests} (${report.waits})`],
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
    'Reason',
    'Time waiting',
    'Requests (waits)'
  ]
  const rows = reports.map(r => [
    cell(r.workflowId),
    cell(r.workflowName),
    cell(r.statusBefore),
    cell(r.statusAfter),
    leads(r.enrolledLeads),
    resultText(verb, r.result),
    reasonCell(r),
    waited(r.waitedMs),
    `${r.requests} (${r.waits})`
  ])
  const counts = tally(reports)
  const totals: TableRow = [
    { data: `Total (${counts.total})`, colspan: '4' },
    leads(counts.enrolledLeads),
    describeTally(verb, counts),
    NONE,
    NONE,
    `${counts.requests} (${counts.waits})`
  ]
  return [header.map(data => ({ data, header: true })), ...rows, totals]
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'|]/g, c => `&#${c.charCodeAt(0)};`)
}
