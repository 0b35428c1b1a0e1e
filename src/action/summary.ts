import * as core from '@actions/core'
import { formatSeconds } from '../core/format.js'
import { Result } from '../core/outcome.js'
import { clip } from '../core/redact.js'
import { StepPolicy } from '../workflow/policy.js'
import { Reported } from './report.js'
import { PauseState } from './state.js'
import { postRow } from './post-row.js'
import { ACCEPTED_WORD, capitalise, PAST, plural, PRODUCED_WORD } from './words.js'

/** The one job summary builder for the three steps: failures first, one short line a reason. */

export type Row = string[]
export const NONE = '—'

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'|]/g, c => `&#${c.charCodeAt(0)};`)
}
/** Text that may come from the server, redacted, bounded and escaped; a dash when there is none. */
export const cell = (text: string | undefined, max = 120): string =>
  text ? escapeHtml(clip(text, max)) : NONE
/** A reason's first sentence: the annotation has it whole. */
export const reasonCell = (r: Reported): string => {
  const text = r.error ?? r.warning
  // The cause, from the first sentence: "…was not resumed: it is active, not paused."
  const first = text?.split(/(?<=[.!?])\s+(?=[A-Z'])/)[0]
  return cell(first?.replace(/^[^:"]*?: /, '').replace(/\.$/, ''), 120)
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
  /** The post step: the pause step's state, and now. */
  post?: { state: PauseState; now: number }
  dryRun?: boolean
}

export async function writeSummary(input: SummaryInput): Promise<void> {
  // The summary file exists only on a runner; without it there is nothing to write to.
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const { policy, reports, failure, post } = input
  const ordered = [...reports].sort((a, b) => RANK[a.result] - RANK[b.result])
  const header = post
    ? ['Workflow', 'Result', 'Paused for', 'Reason']
    : ['Workflow', 'Result', 'Status', 'Enrolled leads', 'Reason']
  let rows = ordered.map(r => (post ? postRow(post, r) : stepRow(policy, r)))
  // A green run has no reasons: no column of dashes.
  if (rows.every(row => row.at(-1) === NONE)) {
    header.pop()
    rows = rows.map(row => row.slice(0, -1))
  }
  const summary = core.summary.addHeading(heading(input), 3)
  if (rows.length > 0)
    summary
      .addTable([header.map(data => ({ data, header: true })), ...rows])
      .addRaw(`<p>${escapeHtml(footer(input))}</p>`, true)
  if (post && post.state.leftAlone.length > 0) {
    // Whole: the IDs passed the input's rules, and a list cut short would hide some of them.
    const ids = post.state.leftAlone.join(', ')
    summary.addRaw(
      `<p>Left paused, as they were paused before the pause step: ${escapeHtml(ids)}</p>`,
      true
    )
  }
  const shown = reports.length === 1 && failure === reports[0]?.error
  if (failure && !shown) summary.addRaw(`<p>${escapeHtml(clip(failure, Infinity))}</p>`, true)
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

export function workflowCell(r: Reported): string {
  const { workflowId, workflowName } = r.outcome
  return cell(workflowName ? `${workflowId} (${workflowName})` : workflowId)
}

function stepRow(policy: StepPolicy, r: Reported): Row {
  const { statusBefore, statusAfter, enrolledLeads } = r.outcome
  const status =
    statusBefore === undefined && statusAfter === undefined
      ? NONE
      : `${cell(statusBefore, 40)} → ${cell(statusAfter, 40)}`
  const result =
    r.outcome.end.kind === 'adopted'
      ? '⏸️ Adopted: resumed at job end'
      : policy.step === 'pause' && r.result === 'already'
        ? '⏸️ Left alone: paused before'
        : resultText(policy, r.result)
  return [
    workflowCell(r),
    result,
    status,
    enrolledLeads === undefined ? NONE : String(enrolledLeads),
    reasonCell(r)
  ]
}

/** "2 resumed, 1 failed · 420 enrolled leads in the workflows resumed · 1.2 s, 5 requests, 1 wait". */
function footer({ policy, reports, durationMs }: SummaryInput): string {
  const past = PAST[policy.verb.name]
  const count = (result: Result): number => reports.filter(r => r.result === result).length
  const changed = reports.filter(r => r.result === 'changed')
  const counts = changed.map(r => r.outcome.enrolledLeads).filter(n => n !== undefined)
  const leads = counts.reduce((sum, n) => sum + n, 0)
  const tally = [
    `${count('changed')} ${past}`,
    count('already') &&
      `${count('already')} already ${policy.step === 'pause' ? 'paused, left alone' : 'active'}`,
    count('conflict-ignored') && `${count('conflict-ignored')} conflict ignored`,
    count('failed') && `${count('failed')} failed`,
    count('cancelled') && `${count('cancelled')} cancelled`,
    count('unknown') && `${count('unknown')} may have been ${past}`,
    count('preview') && `${count('preview')} previewed`,
    count('skipped') && `${count('skipped')} skipped outside calling hours`
  ].filter(Boolean)
  const requests = reports.reduce((n, r) => n + r.outcome.requests, 0)
  const waits = reports.reduce((n, r) => n + r.outcome.waits, 0)
  return [
    tally.join(', '),
    // Only what the API reported, and only of the workflows this step changed.
    ...(counts.length > 0 ? [`${leads} enrolled leads in the workflows ${past}`] : []),
    `${formatSeconds(durationMs)}, ${requests} ${plural(requests, 'request')}, ${waits} retry ${plural(waits, 'wait')}`
  ].join(' · ')
}

/** The summary's word for a result. */
export function resultText(policy: StepPolicy, result: Result): string {
  const verb = policy.verb.name
  switch (result) {
    case 'changed':
      return `✅ ${capitalise(PAST[verb])}`
    case 'already':
      return `✅ Already ${PRODUCED_WORD[verb]}`
    case 'conflict-ignored':
      return `⚠️ Not ${ACCEPTED_WORD[verb]}; conflict ignored`
    case 'failed':
      return '❌ Failed'
    case 'cancelled':
      return '⛔ Cancelled'
    case 'unknown':
      return `❓ May have been ${PAST[verb]}`
    case 'preview':
      return `🔎 Would ${verb}`
    case 'skipped':
      return '⏭️ Skipped: outside calling hours'
  }
}
