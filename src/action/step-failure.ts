import { clip } from '../core/redact.js'
import { RESULT_LIMITS } from './step-outputs.js'
import { StatusVerb } from '../core/verb.js'
import { WorkflowReport } from '../core/outcome.js'

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
