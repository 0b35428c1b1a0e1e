import { capitalise } from '../format.js'
import { normaliseStatus } from './status.js'
import { clip } from '../api/untrusted.js'
import { ChangedResult, StatusVerb } from './verb.js'

/**
 * The rules that turn what happened into results: pure, so outputs, summary, log lines and the
 * step's failure all read the same facts and are tested without a runner.
 */

/**
 * `resumed` / `paused` when this step changed the workflow; `already` when the status the verb
 * produces held before the step, for the steps whose conflict rules accept that as a success;
 * `unknown` when a change was sent but nothing could tell whether it took effect.
 */
export type WorkflowResultKind =
  ChangedResult | 'already' | 'conflict-ignored' | 'failed' | 'cancelled' | 'unknown'

/** What happened to one workflow, gathered as it goes, then turned into outputs and a summary. */
export interface WorkflowReport {
  workflowId: string
  workflowName?: string
  /** The status when the step started: its first read of the workflow. */
  statusBefore?: string
  /** The status after the step: the change's answer, or the last status seen. */
  statusAfter?: string
  enrolledLeads?: number
  result: WorkflowResultKind
  requests: number
  /** Waits before another attempt, back-offs and rate-limit holds alike: what `max-retries` counts. */
  waits: number
  durationMs: number
  /**
   * Epoch ms when the change took effect: when the request that made it was sent, even if only a
   * later read confirmed it. Set only for the verb's result.
   */
  changedAt?: number
  /**
   * The change was sent, but neither its answer nor a read could tell whether it took effect
   * (result `unknown`): the pause step hands such workflows to its post step.
   */
  unconfirmed?: boolean
  /**
   * A 404 ended it after the workflow had been found (see `foundEarlier`): most likely deleted,
   * so neither paused nor active, whatever was last read.
   */
  deleted?: boolean
  /** Time spent waiting for the accepted status, when the step waited. */
  waitedMs?: number
  /** Why the workflow failed; names the workflow only where nothing else does. */
  error?: string
  /** Why a conflict was ignored. */
  warning?: string
}

/** One entry of the `results` output; the verb names the flag: `resumed` or `paused`. */
export interface WorkflowResult {
  'workflow-id': string
  'workflow-name': string | null
  status: string | null
  'enrolled-leads': number | null
  error: string | null
  [changed: string]: string | number | boolean | null
}

/**
 * Lengths that keep every output and the step's failure bounded: with at most MAX_WORKFLOW_IDS
 * workflows, `results` stays far below GitHub's 1 MiB limit for a step's outputs.
 */
export const RESULT_LIMITS = { name: 120, status: 100, error: 1000 } as const
/**
 * How many failed workflows get an error annotation of their own. GitHub shows at most 10 error
 * annotations per step, and the step's closing failure line is one of them; the summary and
 * `results` list every workflow.
 */
export const ANNOTATED_FAILURES = 9
/**
 * Bounds a text that carries what the server said (one workflow's failure). A step's text that
 * lists workflow IDs is never cut as a whole: each ID passed the input's rules and is one to
 * act on, so such a text is bounded by its parts, its causes clipped and its lists whole.
 */
export const MAX_FAILURE_LENGTH = 2000

/** Server text is made single-line and bounded: later steps often echo it. */
export function toResult(verb: StatusVerb, report: WorkflowReport): WorkflowResult {
  return {
    'workflow-id': report.workflowId,
    'workflow-name':
      report.workflowName === undefined ? null : clip(report.workflowName, RESULT_LIMITS.name),
    status:
      report.statusAfter === undefined
        ? null
        : clip(normaliseStatus(report.statusAfter), RESULT_LIMITS.status),
    'enrolled-leads': report.enrolledLeads ?? null,
    [verb.past]: report.result === verb.past,
    error: report.error === undefined ? null : clip(report.error, RESULT_LIMITS.error)
  }
}

/** The step's outputs, as the strings a runner stores. */
export interface StepOutputs {
  status: string
  enrolledLeads: string
  /** The `resumed` / `paused` output: true only if every workflow was changed by this step. */
  changed: string
  workflowName: string
  results: string
}

/**
 * With one workflow the outputs describe it; with several, `status` is the common status or
 * `mixed`, `enrolled-leads` the sum of reported counts, and the verb's flag true only if all were.
 */
export function aggregate(verb: StatusVerb, reports: readonly WorkflowReport[]): StepOutputs {
  const results = reports.map(r => toResult(verb, r))
  const statuses = new Set(results.map(r => r.status ?? ''))
  const { enrolledLeads } = tally(reports)
  return {
    status: statuses.size === 1 ? [...statuses][0]! : 'mixed',
    enrolledLeads: enrolledLeads === undefined ? '' : String(enrolledLeads),
    changed: String(reports.every(r => r.result === verb.past)),
    workflowName: results
      .map(r => r['workflow-name'])
      .filter(name => name)
      .join(', '),
    results: JSON.stringify(results)
  }
}

export interface Tally {
  total: number
  byResult: Readonly<Record<WorkflowResultKind, number>>
  /** Workflows whose report carries an error: the failed, the cancelled and the unknown. */
  withError: number
  /** The sum of the reported counts; undefined when no workflow reported one. */
  enrolledLeads: number | undefined
  requests: number
  waits: number
}

export function tally(reports: readonly WorkflowReport[]): Tally {
  const byResult: Record<WorkflowResultKind, number> = {
    resumed: 0,
    paused: 0,
    already: 0,
    'conflict-ignored': 0,
    failed: 0,
    cancelled: 0,
    unknown: 0
  }
  let enrolledLeads: number | undefined
  let requests = 0
  let waits = 0
  for (const r of reports) {
    byResult[r.result]++
    if (r.enrolledLeads !== undefined) enrolledLeads = (enrolledLeads ?? 0) + r.enrolledLeads
    requests += r.requests
    waits += r.waits
  }
  return {
    total: reports.length,
    byResult,
    withError: reports.filter(r => r.error !== undefined).length,
    enrolledLeads,
    requests,
    waits
  }
}

/** "1 resumed, 1 conflict ignored, 1 failed": the changed count always, the others when any. */
export function describeTally(verb: StatusVerb, counts: Tally): string {
  const { byResult } = counts
  return [
    `${byResult[verb.past]} ${verb.past}`,
    byResult.already && `${byResult.already} already ${verb.produces}`,
    byResult['conflict-ignored'] && `${byResult['conflict-ignored']} conflict ignored`,
    byResult.failed && `${byResult.failed} failed`,
    byResult.cancelled && `${byResult.cancelled} cancelled`,
    byResult.unknown && `${byResult.unknown} may have been ${verb.past}`
  ]
    .filter(Boolean)
    .join(', ')
}

/** The log's last line when several workflows ran: "Resumed 2 of 3 workflows; 1 failed." */
export function closingLine(verb: StatusVerb, reports: readonly WorkflowReport[]): string {
  const counts = tally(reports)
  return `${capitalise(verb.past)} ${counts.byResult[verb.past]} of ${counts.total} workflows; ${counts.withError} failed.`
}

/**
 * Where a step lists every workflow, for the failures past ANNOTATED_FAILURES: the resume and
 * pause steps have a `results` output too; the pause action's post step has only its summary.
 */
export type FullListing = 'summary-and-results' | 'summary'

const LISTED_IN: Record<FullListing, string> = {
  'summary-and-results': "the job summary or the 'results' output",
  summary: 'the job summary'
}

/**
 * The step's failure: a single workflow's own error; with several, a short line, since each
 * failed workflow has an error annotation of its own (see `workflowAnnotations`).
 */
export function stepFailure(
  reports: readonly WorkflowReport[],
  listing: FullListing
): string | undefined {
  const failed = reports.filter(r => r.error !== undefined)
  if (failed.length === 0) return undefined
  if (reports.length === 1) return clip(failed[0]!.error!, MAX_FAILURE_LENGTH)
  const head = `${failed.length} of ${reports.length} workflows failed; see the errors above`
  const more = failed.length - ANNOTATED_FAILURES
  return more > 0 ? `${head}, and ${LISTED_IN[listing]} for the ${more} not annotated.` : `${head}.`
}

export interface Annotation {
  title: string
  message: string
}

/** One error annotation per failed workflow when there are several, titled with its ID. */
export function workflowAnnotations(reports: readonly WorkflowReport[]): Annotation[] {
  if (reports.length < 2) return []
  return reports
    .filter(r => r.error !== undefined)
    .slice(0, ANNOTATED_FAILURES)
    .map(r => {
      const name = r.workflowName === undefined ? '' : ` (${clip(r.workflowName, 60)})`
      return {
        title: `Workflow ${r.workflowId}${name}`,
        message: clip(r.error!, RESULT_LIMITS.error)
      }
    })
}

/**
 * The step's error when its outputs could not be written. It says what was changed all the
 * same, so nobody sends the change again because a later step saw no `resumed=true`: every
 * changed ID, whole, after a `cause` the caller has already bounded.
 */
export function outputsFailure(
  verb: StatusVerb,
  reports: readonly WorkflowReport[],
  cause: string
): string {
  const changed = reports.filter(r => r.result === verb.past).map(r => r.workflowId)
  const done =
    changed.length === 0
      ? `No workflow was ${verb.past}.`
      : reports.length === 1
        ? `Workflow ${changed[0]} was ${verb.past}; do not ${verb.name} it again.`
        : `${changed.length} of ${reports.length} workflows were ${verb.past} (${changed.join(', ')}); do not ${verb.name} them again.`
  return `Could not write the step's outputs (GITHUB_OUTPUT): ${cause}. ${done} Later steps cannot read the outputs; the log and the job summary show what happened.`
}
