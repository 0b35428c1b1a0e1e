import * as core from '@actions/core'
import { Result } from '../core/outcome.js'
import { clip } from '../core/redact.js'
import { StepPolicy } from '../workflow/policy.js'
import { errorOf, leadsOf, Reported } from './report.js'
import { PauseState, postCells } from './state.js'
import { capitalise, formatSeconds, PAST, plural } from './words.js'

const NONE = '—'

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"'|]/g, c => `&#${c.charCodeAt(0)};`)

/** Text that may come from the server, redacted, bounded and escaped; a dash when there is none. */
const cell = (text: string | undefined, max = 120): string =>
  text ? escapeHtml(clip(text, max)) : NONE

/** A reason's cause, from its first sentence: the annotation has it whole. */
function reasonCell(r: Reported): string {
  // "…was not resumed: it is active, not paused." → "it is active, not paused"
  const reason = r.line.level === 'error' || r.line.level === 'warning' ? r.line.text : undefined
  const first = reason?.split(/(?<=[.!?])\s+(?=[A-Z'])/)[0]
  return cell(first?.replace(/^[^:"]*?: /, '').replace(/\.$/, ''))
}

function workflowCell(r: Reported): string {
  const { workflowId, workflowName } = r.outcome
  return cell(workflowName ? `${workflowId} (${workflowName})` : workflowId)
}

const RANK: Record<Result, number> = {
  failed: 0,
  unknown: 0,
  cancelled: 0,
  'conflict-ignored': 1,
  skipped: 1,
  already: 2,
  preview: 3,
  changed: 3
}

export interface SummaryInput {
  policy: StepPolicy
  reports: readonly Reported[]
  durationMs: number
  /** The step's failure, when it is more than the one workflow's reason in the table. */
  failure?: string
  post?: { state: PauseState; now: number }
  dryRun?: boolean
}

/** The one job summary builder for the three steps: failures first, one short line a reason. */
export async function writeSummary(input: SummaryInput): Promise<void> {
  // The summary file exists only on a runner.
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const { policy, reports, failure, post } = input
  const ordered = [...reports].sort((a, b) => RANK[a.result] - RANK[b.result])
  const header = post
    ? ['Workflow', 'Result', 'Paused for', 'Reason']
    : ['Workflow', 'Result', 'Status', 'Enrolled leads', 'Reason']
  const row = (r: Reported): string[] => {
    if (!post) return stepRow(policy, r)
    const [result, span] = postCells(post.state, post.now, r)
    return [workflowCell(r), cell(result), cell(span), reasonCell(r)]
  }
  let rows = ordered.map(row)
  // A green run has no reasons: no column of dashes.
  if (rows.every(row => row.at(-1) === NONE)) {
    header.pop()
    rows = rows.map(row => row.slice(0, -1))
  }
  const summary = core.summary.addHeading(heading(input), 3)
  const paragraph = (text: string): unknown => summary.addRaw(`<p>${escapeHtml(text)}</p>`, true)
  if (rows.length > 0) {
    summary.addTable([header.map(data => ({ data, header: true })), ...rows])
    paragraph(footer(input))
  }
  // Whole: the IDs passed the input's rules, and a list cut short would hide some of them.
  const leftAlone = post?.state.leftAlone.join(', ')
  if (leftAlone) paragraph(`Left paused, as they were paused before the pause step: ${leftAlone}`)
  const shown = reports.length === 1 && failure === errorOf(reports[0]!)
  if (failure && !shown) paragraph(clip(failure, Infinity))
  await summary.write()
}

function heading({ policy, reports, post, dryRun }: SummaryInput): string {
  if (dryRun) return `DialNexa workflow ${policy.verb.name}: dry run, nothing was changed`
  if (!post) return `DialNexa workflow ${policy.verb.name}`
  // What a person reads first: it never claims a resume that failed.
  const done: Result[] = ['changed', 'already', 'conflict-ignored']
  return reports.every(r => done.includes(r.result))
    ? 'DialNexa: dialling resumed at the end of the job'
    : 'DialNexa: not every workflow was resumed at the end of the job'
}

function stepRow(policy: StepPolicy, r: Reported): string[] {
  const { statusBefore, statusAfter, enrolledLeads, end } = r.outcome
  const status =
    statusBefore === undefined && statusAfter === undefined
      ? NONE
      : `${cell(statusBefore, 40)} → ${cell(statusAfter, 40)}`
  const result =
    end.kind === 'adopted' ? '⏸️ Adopted: resumed at job end' : resultText(policy, r.result)
  const leads = enrolledLeads === undefined ? NONE : String(enrolledLeads)
  return [workflowCell(r), result, status, leads, reasonCell(r)]
}

/** "2 resumed, 1 failed · 420 enrolled leads in the workflows resumed · 1.2 s, 5 requests, 1 wait". */
function footer({ policy, reports, durationMs }: SummaryInput): string {
  const past = PAST[policy.verb.name]
  const words = resultWords(policy)
  const count = (result: Result): number => reports.filter(r => r.result === result).length
  // Each result's word without its icon: "✅ Already active" → "1 already active".
  const counted = (Object.keys(words) as Result[])
    .filter(result => result === 'changed' || count(result) > 0)
    .map(
      result => `${count(result)} ${words[result].replace(/^\S+ (.)/, (_, c) => c.toLowerCase())}`
    )
  // Only what the API reported, and only of the workflows this step changed.
  const leads = leadsOf(reports.filter(r => r.result === 'changed'))
  const requests = reports.reduce((n, r) => n + r.outcome.requests, 0)
  const waits = reports.reduce((n, r) => n + r.outcome.waits, 0)
  return [
    counted.join(', '),
    ...(leads === undefined ? [] : [`${leads} enrolled leads in the workflows ${past}`]),
    `${formatSeconds(durationMs)}, ${requests} ${plural(requests, 'request')}, ${waits} retry ${plural(waits, 'wait')}`
  ].join(' · ')
}

/** The summary's word for each result, in the footer's order. */
function resultWords(policy: StepPolicy): Record<Result, string> {
  const verb = policy.verb.name
  return {
    changed: `✅ ${capitalise(PAST[verb])}`,
    // The pause step leaves alone what was paused before it: its post step will not resume it.
    already: policy.step === 'pause' ? '⏸️ Left alone: paused before' : '✅ Already active',
    'conflict-ignored': `⚠️ Conflict ignored (not ${policy.verb.accepts})`,
    failed: '❌ Failed',
    cancelled: '⛔ Cancelled',
    unknown: `❓ May have been ${PAST[verb]}`,
    preview: `🔎 Would ${verb}`,
    skipped: '⏭️ Skipped: outside calling hours'
  }
}

export const resultText = (policy: StepPolicy, result: Result): string =>
  resultWords(policy)[result]
