import { capitalise } from '../core/format.js'
import { StatusVerb } from '../core/verb.js'
import { WorkflowReport, WorkflowResultKind } from '../core/outcome.js'

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
