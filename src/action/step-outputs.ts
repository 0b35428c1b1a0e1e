import { normaliseStatus } from '../core/status.js'
import { clip } from '../core/redact.js'
import { tally } from './tally.js'
import { StatusVerb } from '../core/verb.js'
import { WorkflowReport } from '../core/outcome.js'

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
