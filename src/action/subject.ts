/**
 * Every message about one workflow names it through a `subject`, so a line that already carries
 * its ID (a title, an `[id]` prefix) need not repeat it.
 */

/** "workflow wfl_1" where nothing else names it; "the workflow" under a title or prefix. */
export function subjectFor(workflowId: string, namedElsewhere: boolean): string {
  return namedElsewhere ? 'the workflow' : `workflow ${workflowId}`
}
