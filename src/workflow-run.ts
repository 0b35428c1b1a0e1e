import { Clock } from './clock.js'
import { DialNexaClient } from './dialnexa.js'
import { capitalise } from './format.js'
import { WorkflowLog } from './log.js'
import { ConflictRules, judgeConflict, WorkflowReport, workflowFailure } from './outcome.js'
import { changeStatus, mayHaveTakenEffect } from './status-change.js'
import { StatusVerb } from './verb.js'
import { waitUntilPaused } from './wait.js'
import { WorkflowRecord } from './workflow.js'

/** Everything one workflow goes through: (wait until paused), the status change, conflict rules. */

export interface WaitFirst {
  pollIntervalMs: number
  /** The `wait-timeout` input, named in the error when it runs out. */
  timeoutMs: number
  /** Epoch ms: the end of `wait-timeout`, one deadline for the whole step. */
  deadline: number
}

export interface WorkflowRunContext {
  verb: StatusVerb
  client: DialNexaClient
  clock: Clock
  signal: AbortSignal
  ignoreConflict: boolean
  conflictRules?: ConflictRules
  /** Where `already` is said: a notice when the user should know, info when it is routine. */
  alreadyLevel?: 'notice' | 'info'
  /** Resume's `wait-for-paused`: poll until the workflow is paused before resuming it. */
  waitFirst?: WaitFirst
  log: WorkflowLog
}

/** Never throws for an expected failure: it ends up in the report's `result` and `error`. */
export async function runWorkflow(
  workflowId: string,
  ctx: WorkflowRunContext
): Promise<WorkflowReport> {
  const { verb, client, clock, log, waitFirst } = ctx
  const startedAt = clock.now()
  const report: WorkflowReport = {
    workflowId,
    result: 'failed',
    requests: 0,
    retries: 0,
    durationMs: 0
  }
  try {
    if (waitFirst) {
      const waited = await log.group(`Waiting for workflow ${workflowId} to be paused`, () =>
        waitUntilPaused({
          clock,
          signal: ctx.signal,
          pollIntervalMs: waitFirst.pollIntervalMs,
          deadline: waitFirst.deadline,
          fetchWorkflow: deadline => client.getWorkflow(workflowId, { deadline }),
          onStatusChange: status => log.info(`Workflow status: ${status}`)
        })
      )
      report.statusBefore = waited.record.status
      remember(report, waited.record)
      if (waited.outcome === 'final') {
        // The API would answer 409 for a final workflow; skip the request and treat it alike.
        concludeConflict(ctx, report, waited.record.status, waited.record)
        return report
      }
    }

    const outcome = await changeStatus(client, verb, workflowId)
    if (outcome.result === 'conflict') {
      concludeConflict(ctx, report, outcome.currentStatus, outcome.record)
      if (outcome.unconfirmed) report.unconfirmed = true
      return report
    }
    remember(report, outcome.record)
    report.statusBefore ??= verb.acceptedWord
    report.statusAfter = outcome.record.status
    report.result = outcome.result
    report.changedAt = clock.now()
    const how = outcome.confirmedByCheck
      ? ' (confirmed by reading it back after an unanswered attempt)'
      : ''
    const name = report.workflowName ? ` (${report.workflowName})` : ''
    log.info(
      `${capitalise(verb.past)} workflow ${workflowId}${name}: status ${outcome.record.status}${how}.`
    )
  } catch (error) {
    Object.assign(report, workflowFailure(verb, workflowId, error, waitFirst?.timeoutMs))
    if (mayHaveTakenEffect(error)) report.unconfirmed = true
  } finally {
    report.requests = client.stats.requests
    report.retries = client.stats.retries
    report.durationMs = clock.now() - startedAt
  }
  return report
}

function remember(report: WorkflowReport, record: WorkflowRecord | undefined): void {
  if (!record) return
  report.workflowName = record.name ?? report.workflowName
  report.enrolledLeads = record.enrolledLeads ?? report.enrolledLeads
}

function concludeConflict(
  ctx: WorkflowRunContext,
  report: WorkflowReport,
  currentStatus: string | undefined,
  record: WorkflowRecord | undefined
): void {
  remember(report, record)
  report.statusBefore ??= currentStatus
  report.statusAfter = currentStatus
  const verdict = judgeConflict(
    ctx.verb,
    report.workflowId,
    currentStatus,
    ctx.ignoreConflict,
    ctx.conflictRules
  )
  report.result = verdict.result
  if (verdict.result === 'already') ctx.log[ctx.alreadyLevel ?? 'info'](verdict.note)
  else if (verdict.result === 'conflict-ignored') ctx.log.warning(verdict.warning)
  else report.error = verdict.error
}
