import * as core from '@actions/core'
import { isError, opensAtOf, Result, resultOf, WorkflowOutcome } from '../core/outcome.js'
import { clip } from '../core/redact.js'
import { normaliseStatus } from '../core/status.js'
import { StepPolicy } from '../workflow/policy.js'
import { opensAtIso } from './hours-text.js'
import * as log from './log.js'
import { endLine, Line, Told } from './messages.js'
import { capitalise, PAST, subjectFor } from './words.js'

/** One workflow's outcome with its words: what outputs, annotations and the summary show. */
export type Reported = { outcome: WorkflowOutcome; result: Result; line: Line }

/** Why it failed, when it did; names the workflow only where nothing else does. */
export const errorOf = (r: Reported): string | undefined =>
  isError(r.outcome.end) ? r.line.text : undefined

export function reportOf(
  policy: StepPolicy,
  outcome: WorkflowOutcome,
  several: boolean,
  told: Told
): Reported {
  const line = endLine(policy, subjectFor(outcome.workflowId, several), outcome, told)
  return { outcome, result: resultOf(outcome.end), line }
}

/** GitHub shows at most 10 error annotations a step, and the step's own failure is one. */
export const ANNOTATED_FAILURES = 9
export const MAX_FAILURE_LENGTH = 2000
/** Lengths that keep `results` far below GitHub's 1 MiB limit for a step's outputs. */
export const RESULT_LIMITS = { name: 120, status: 100, error: 1000 } as const

/** A dry run's verdict for one workflow: a real run now would change it. */
const wouldChange = ({ outcome: { end } }: Reported): boolean =>
  end.kind === 'preview' && end.would === 'change' && !end.shut

export function resultEntry(policy: StepPolicy, r: Reported): Record<string, unknown> {
  const { workflowName, statusAfter } = r.outcome
  return {
    'workflow-id': r.outcome.workflowId,
    'workflow-name': workflowName === undefined ? null : clip(workflowName, RESULT_LIMITS.name),
    status:
      statusAfter === undefined ? null : clip(normaliseStatus(statusAfter), RESULT_LIMITS.status),
    'enrolled-leads': r.outcome.enrolledLeads ?? null,
    [PAST[policy.verb.name]]: r.result === 'changed',
    [`would-${policy.verb.name}`]: wouldChange(r),
    error: isError(r.outcome.end) ? clip(r.line.text, RESULT_LIMITS.error) : null
  }
}

/** The sum of the reported counts; undefined when no workflow reported one. */
export function leadsOf(reports: readonly Reported[]): number | undefined {
  const counts = reports.map(r => r.outcome.enrolledLeads).filter(n => n !== undefined)
  return counts.length === 0 ? undefined : counts.reduce((a, b) => a + b, 0)
}

/** With several workflows: the common status or `mixed`, the sum of leads, each flag if all. */
export function setOutputs(
  policy: StepPolicy,
  reports: readonly Reported[],
  told: Told,
  hoursOpenAt?: number
): void {
  const results = reports.map(r => resultEntry(policy, r))
  const statuses = new Set(results.map(r => r.status ?? ''))
  const opensAt = reports.map(r => opensAtOf(r.outcome.end) ?? r.outcome.heldUntil).find(at => at)
  core.setOutput('status', statuses.size === 1 ? [...statuses][0] : 'mixed')
  core.setOutput('enrolled-leads', String(leadsOf(reports) ?? ''))
  core.setOutput(PAST[policy.verb.name], String(reports.every(r => r.result === 'changed')))
  const names = results.map(r => r['workflow-name']).filter(name => name)
  core.setOutput('workflow-name', names.join(', '))
  core.setOutput(`would-${policy.verb.name}`, String(reports.every(wouldChange)))
  core.setOutput('opens-at', opensAtIso(hoursOpenAt ?? opensAt, told))
  core.setOutput('results', JSON.stringify(results))
}

/** A single workflow's own error; with several, a short line pointing at their annotations. */
export function stepFailure(policy: StepPolicy, reports: readonly Reported[]): string | undefined {
  const failed = reports.filter(r => isError(r.outcome.end))
  if (failed.length === 0) return undefined
  if (reports.length === 1) return clip(failed[0]!.line.text, MAX_FAILURE_LENGTH)
  const head = `${failed.length} of ${reports.length} workflows failed; see the errors above`
  const more = failed.length - ANNOTATED_FAILURES
  // The post step has no outputs.
  const listed =
    policy.step === 'post' ? 'the job summary' : "the job summary or the 'results' output"
  return more > 0 ? `${head}, and ${listed} for the ${more} not annotated.` : `${head}.`
}

/** One titled error per failed workflow when there are several. */
export function annotateFailures(reports: readonly Reported[]): void {
  if (reports.length < 2) return
  for (const r of reports.filter(r => isError(r.outcome.end)).slice(0, ANNOTATED_FAILURES)) {
    const { workflowId, workflowName } = r.outcome
    const name = workflowName === undefined ? '' : ` (${clip(workflowName, 60)})`
    log.error(r.line.text, `Workflow ${workflowId}${name}`)
  }
}

/** The log's last line when several workflows ran: "Resumed 2 of 3 workflows; 1 failed." */
export function closingLine(policy: StepPolicy, reports: readonly Reported[]): string {
  const changed = reports.filter(r => r.result === 'changed').length
  const failed = reports.filter(r => isError(r.outcome.end)).length
  return `${capitalise(PAST[policy.verb.name])} ${changed} of ${reports.length} workflows; ${failed} failed.`
}

/** Says what was changed all the same, so nobody sends it again for want of `resumed=true`. */
export function outputsFailure(policy: StepPolicy, reports: readonly Reported[], cause: string) {
  const { name } = policy.verb
  const past = PAST[name]
  const changed = reports.filter(r => r.result === 'changed').map(r => r.outcome.workflowId)
  const done =
    changed.length === 0
      ? `No workflow was ${past}.`
      : reports.length === 1
        ? `Workflow ${changed[0]} was ${past}; do not ${name} it again.`
        : `${changed.length} of ${reports.length} workflows were ${past} (${changed.join(', ')}); do not ${name} them again.`
  return `Could not write the step's outputs (GITHUB_OUTPUT): ${cause}. ${done}`
}
