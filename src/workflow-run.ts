import { CancelledError } from './cancellation.js'
import { Clock } from './clock.js'
import { DialNexaClient } from './dialnexa.js'
import { errorText, formatSeconds } from './format.js'
import { WorkflowLog } from './log.js'
import { WorkflowReport } from './report.js'
import { resumeWorkflow } from './resume.js'
import { Settings } from './settings.js'
import { isFinal } from './status.js'
import { clip } from './untrusted.js'
import { waitUntilPaused, WaitTimeoutError } from './wait.js'
import { WorkflowRecord } from './workflow.js'

/** Everything one workflow goes through: (wait until paused), resume, conflict rules. */

export interface WorkflowRunContext {
  settings: Settings
  client: DialNexaClient
  clock: Clock
  signal: AbortSignal
  /** Epoch ms: the end of `wait-timeout`, one deadline for the whole step. */
  deadline: number
  log: WorkflowLog
}

/** Never throws for an expected failure: it ends up in the report's `result` and `error`. */
export async function runWorkflow(
  workflowId: string,
  ctx: WorkflowRunContext
): Promise<WorkflowReport> {
  const { settings, client, clock, log } = ctx
  const startedAt = clock.now()
  const report: WorkflowReport = {
    workflowId,
    result: 'failed',
    requests: 0,
    retries: 0,
    durationMs: 0
  }
  try {
    if (settings.waitForPaused) {
      const waited = await log.group(`Waiting for workflow ${workflowId} to be paused`, () =>
        waitUntilPaused({
          clock,
          signal: ctx.signal,
          pollIntervalMs: settings.pollIntervalMs,
          deadline: ctx.deadline,
          fetchWorkflow: deadline => client.getWorkflow(workflowId, { deadline }),
          onStatusChange: status => log.info(`Workflow status: ${status}`)
        })
      )
      report.statusBefore = waited.record.status
      remember(report, waited.record)
      if (waited.outcome === 'final') {
        // Resume would answer 409 for a final workflow; skip the request and treat it alike.
        concludeConflict(settings, report, log, waited.record.status, waited.record)
        return report
      }
    }

    const outcome = await resumeWorkflow(client, workflowId)
    if (outcome.result === 'conflict') {
      concludeConflict(settings, report, log, outcome.currentStatus, outcome.record)
      return report
    }
    remember(report, outcome.record)
    report.statusBefore ??= 'paused'
    report.statusAfter = outcome.record.status
    report.result = 'resumed'
    const how = outcome.confirmedByCheck
      ? ' (confirmed by reading it back after an unanswered attempt)'
      : ''
    const name = report.workflowName ? ` (${report.workflowName})` : ''
    log.info(`Resumed workflow ${workflowId}${name}: status ${outcome.record.status}${how}.`)
  } catch (error) {
    report.result = error instanceof CancelledError ? 'cancelled' : 'failed'
    report.error = failureMessage(error, workflowId, settings)
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
  settings: Settings,
  report: WorkflowReport,
  log: WorkflowLog,
  currentStatus: string | undefined,
  record: WorkflowRecord | undefined
): void {
  remember(report, record)
  report.statusBefore ??= currentStatus
  report.statusAfter = currentStatus
  const status = currentStatus === undefined ? 'unknown' : clip(currentStatus, 40)
  const why = isFinal(status)
    ? `it is ${status}, a final status, and can never be resumed`
    : `its current status is ${status}`
  const message = `Workflow ${report.workflowId} is not paused, so it was not resumed: ${why}.`
  if (settings.ignoreConflict) {
    report.result = 'conflict-ignored'
    log.warning(`${message} Continuing because 'ignore-conflict' is true.`)
  } else {
    report.result = 'failed'
    report.error = `${message} Set 'ignore-conflict: true' to let the step succeed in this case.`
  }
}

function failureMessage(error: unknown, workflowId: string, settings: Settings): string {
  if (error instanceof WaitTimeoutError) {
    return `Workflow ${workflowId}: ${error.message} Raise 'wait-timeout' (now ${formatSeconds(settings.waitTimeoutMs)}) if pausing takes longer.`
  }
  return errorText(error)
}
