import { CancelledError } from './cancellation.js'
import { capitalise, errorText, formatSeconds } from './format.js'
import { classifyStatus, isFinal, normaliseStatus } from './status.js'
import { clip } from './untrusted.js'
import { ChangedResult, StatusVerb } from './verb.js'
import { WaitTimeoutError } from './wait.js'

/**
 * The rules that turn what happened into results: pure, so outputs, summary, log lines and the
 * step's failure all read the same facts and are tested without a runner.
 */

/**
 * `resumed` / `paused` when this step changed the workflow; `already` when the status the verb
 * produces held before the step, for the steps whose conflict rules accept that as a success.
 */
export type WorkflowResultKind =
  ChangedResult | 'already' | 'conflict-ignored' | 'failed' | 'cancelled'

/** What happened to one workflow, gathered as it goes, then turned into outputs and a summary. */
export interface WorkflowReport {
  workflowId: string
  workflowName?: string
  statusBefore?: string
  statusAfter?: string
  enrolledLeads?: number
  result: WorkflowResultKind
  requests: number
  retries: number
  durationMs: number
  /** Epoch ms when the change was known to have taken effect; set only for the verb's result. */
  changedAt?: number
  /**
   * The change was sent, but its answer was lost (or cut short by a cancellation) and no
   * read-back could tell: it may have taken effect although the result says otherwise.
   */
  unconfirmed?: boolean
  error?: string
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
/** Each failed workflow's part of the step's failure line. */
const FAILURE_REASON_LENGTH = 300
/** How many failed workflows the step's one-line failure names; the rest are counted. */
export const FAILURES_NAMED = 5
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
  /** Workflows whose report carries an error: the failed and the cancelled. */
  withError: number
  /** The sum of the reported counts; undefined when no workflow reported one. */
  enrolledLeads: number | undefined
  requests: number
  retries: number
}

export function tally(reports: readonly WorkflowReport[]): Tally {
  const byResult: Record<WorkflowResultKind, number> = {
    resumed: 0,
    paused: 0,
    already: 0,
    'conflict-ignored': 0,
    failed: 0,
    cancelled: 0
  }
  let enrolledLeads: number | undefined
  let requests = 0
  let retries = 0
  for (const r of reports) {
    byResult[r.result]++
    if (r.enrolledLeads !== undefined) enrolledLeads = (enrolledLeads ?? 0) + r.enrolledLeads
    requests += r.requests
    retries += r.retries
  }
  return {
    total: reports.length,
    byResult,
    withError: reports.filter(r => r.error !== undefined).length,
    enrolledLeads,
    requests,
    retries
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
    byResult.cancelled && `${byResult.cancelled} cancelled`
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
 * One bounded message for the step: a single workflow's own error, or the first failed IDs with
 * their reasons and a count of the rest, which the summary and `results` list in full.
 */
export function stepFailure(reports: readonly WorkflowReport[]): string | undefined {
  const failed = reports.filter(r => r.error !== undefined)
  if (failed.length === 0) return undefined
  if (reports.length === 1) return clip(failed[0]!.error!, MAX_FAILURE_LENGTH)
  const named = failed.slice(0, FAILURES_NAMED)
  const reasons = named.map(r => clip(`${r.workflowId}: ${r.error}`, FAILURE_REASON_LENGTH))
  const more = failed.length - named.length
  const head = `${failed.length} of ${reports.length} workflows failed.`
  const tail =
    more > 0 ? ` …and ${more} more; the job summary and the 'results' output list each.` : ''
  const room = MAX_FAILURE_LENGTH - head.length - tail.length - 2
  return `${head} ${clip(reasons.join(' '), room)}${tail}`
}

export type ConflictVerdict =
  | { result: 'already'; note: string }
  | { result: 'conflict-ignored'; warning: string }
  | { result: 'failed'; error: string }

/** What a step accepts beyond `ignore-conflict`; the resume action accepts neither. */
export interface ConflictRules {
  /**
   * The status the verb produces already holds: someone else made the change, so the desired
   * state holds and the step succeeds without claiming it. The pause action and its post step.
   */
  acceptAlready?: boolean
  /** A workflow that became final meanwhile is reported with a warning, not fought: the post step. */
  finalIsWarning?: boolean
}

/**
 * A workflow whose status does not accept the change fails the step, unless `ignore-conflict`
 * makes it a warning. A final status is named as such: no later run can change it.
 */
export function judgeConflict(
  verb: StatusVerb,
  workflowId: string,
  currentStatus: string | undefined,
  ignoreConflict: boolean,
  rules: ConflictRules = {}
): ConflictVerdict {
  const status = currentStatus === undefined ? 'unknown' : clip(currentStatus, 40)
  if (rules.acceptAlready && classifyStatus(status) === verb.produces) {
    return {
      result: 'already',
      note: `Workflow ${workflowId} is already ${status}, so this step did not ${verb.name} it.`
    }
  }
  const why = isFinal(status)
    ? `it is ${status}, a final status, and can never be ${verb.past}`
    : `its current status is ${status}`
  const message = `Workflow ${workflowId} is not ${verb.acceptedWord}, so it was not ${verb.past}: ${why}.`
  if (rules.finalIsWarning && isFinal(status)) {
    return { result: 'conflict-ignored', warning: `${message} Leaving it as it is.` }
  }
  return ignoreConflict
    ? {
        result: 'conflict-ignored',
        warning: `${message} Continuing because 'ignore-conflict' is true.`
      }
    : {
        result: 'failed',
        error: `${message} Set 'ignore-conflict: true' to let the step succeed in this case.`
      }
}

/** One workflow's error text; `waitTimeoutMs` is the `wait-timeout` input, when it applied. */
export function workflowFailure(
  verb: StatusVerb,
  workflowId: string,
  error: unknown,
  waitTimeoutMs?: number
): { result: 'failed' | 'cancelled'; error: string } {
  if (error instanceof CancelledError) {
    return {
      result: 'cancelled',
      error: `The run was cancelled before the workflow was ${verb.past}.`
    }
  }
  if (error instanceof WaitTimeoutError && waitTimeoutMs !== undefined) {
    return {
      result: 'failed',
      // Through the gate as a whole, like every error that ends in a report.
      error: clip(
        `Workflow ${workflowId}: ${error.message} Raise 'wait-timeout' (now ${formatSeconds(waitTimeoutMs)}) if pausing takes longer.`,
        1000
      )
    }
  }
  return { result: 'failed', error: errorText(error) }
}
