import { Clock } from '../core/clock.js'
import { DialNexaApiError } from '../api/errors.js'
import { DialNexaClient } from '../api/client.js'
import { capitalise, formatSeconds } from '../core/format.js'
import { WorkflowLog } from '../action/log.js'
import { WorkflowReport } from '../core/outcome.js'
import { changeStatus } from './change.js'
import { classifyStatus } from '../core/status.js'
import {
  confirmationNote,
  FailureVerdict,
  judgeChange,
  workflowFailure
} from '../action/change-verdict.js'
import {
  ConflictRules,
  ConflictVerdict,
  judgeConflict,
  judgeWaitTimeout,
  StepConflictRules
} from '../action/conflict.js'
import { subjectFor } from '../action/subject.js'
import { StatusVerb } from '../core/verb.js'
import { waitUntilPaused, WaitTimeoutError } from './wait.js'
import { WorkflowRecord } from '../api/workflow-record.js'

/** Everything one workflow goes through: a first read, (a wait), the change, conflict rules. */

export interface WaitFirst {
  pollIntervalMs: number
  /** The `wait-timeout` input, named in the message when it runs out. */
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
  conflictRules?: StepConflictRules
  /** Where `already` is said: a notice when the user should know, info when it is routine. */
  alreadyLevel?: 'notice' | 'info'
  /** Resume's `wait-for-paused`: poll until the workflow is paused before resuming it. */
  waitFirst?: WaitFirst
  log: WorkflowLog
  /** True when every line about this workflow already carries its ID (several workflows). */
  idShownElsewhere?: boolean
  /**
   * Read before this step began (the post step's workflows, by its pause step): its ID is
   * right, so a 404 means it was deleted, even on this step's first read.
   */
  foundEarlier?: boolean
}

/** Never throws for an expected failure: it ends up in the report's `result` and `error`. */
export async function runWorkflow(
  workflowId: string,
  ctx: WorkflowRunContext
): Promise<WorkflowReport> {
  const { verb, client, clock } = ctx
  const startedAt = clock.now()
  const subject = subjectFor(workflowId, ctx.idShownElsewhere ?? false)
  const report: WorkflowReport = {
    workflowId,
    result: 'failed',
    requests: 0,
    waits: 0,
    durationMs: 0
  }
  try {
    // Knowing the status before any change is what lets an unclear outcome be told apart later.
    const first = await client.getWorkflow(workflowId)
    report.statusBefore = first.status
    see(report, first)
    const current = ctx.waitFirst ? await waitFor(first, ctx, report, subject) : first
    if (!current) return report
    const kind = classifyStatus(current.status)
    if (kind !== verb.accepts && kind !== 'unknown') {
      // The API would answer 409; skip the request and treat it alike.
      conclude(ctx, report, judgeConflict(verb, subject, current.status, conflictRules(ctx)))
      return report
    }
    await change(ctx, report, subject)
  } catch (error) {
    // A 404 after the first read found the workflow is a deletion, not a wrong ID.
    const found = ctx.foundEarlier === true || report.statusBefore !== undefined
    if (found && error instanceof DialNexaApiError && error.isStatus(404)) report.deleted = true
    conclude(
      ctx,
      report,
      workflowFailure(verb, subject, error, client.maxRetries, report.statusAfter, found)
    )
  } finally {
    report.requests = client.stats.requests
    report.waits = client.stats.waits
    report.durationMs = clock.now() - startedAt
  }
  return report
}

/** The record to change once the wait is over; undefined when the wait already concluded. */
async function waitFor(
  first: WorkflowRecord,
  ctx: WorkflowRunContext,
  report: WorkflowReport,
  subject: string
): Promise<WorkflowRecord | undefined> {
  const { client, clock, log, verb } = ctx
  const waitFirst = ctx.waitFirst!
  const firstKind = classifyStatus(first.status)
  if (firstKind === 'paused' || firstKind === 'final') return first
  const waitStartedAt = clock.now()
  try {
    // Not in a group: a collapsed group would hide the progress lines that show it is alive.
    log.info(
      `Waiting for ${subject} to be paused: a poll every ${formatSeconds(waitFirst.pollIntervalMs)}, ${wholeSeconds(Math.max(0, waitFirst.deadline - clock.now()))} left before 'wait-timeout'.`
    )
    const waited = await waitUntilPaused({
      clock,
      signal: ctx.signal,
      pollIntervalMs: waitFirst.pollIntervalMs,
      deadline: waitFirst.deadline,
      first,
      // Every poll is the last status seen, also for a wait that a failure or cancellation ends.
      fetchWorkflow: async deadline => {
        const record = await client.getWorkflow(report.workflowId, { deadline })
        see(report, record)
        return record
      },
      onStatusChange: status => log.info(`Workflow status: ${status}`),
      onProgress: ({ status, waitedMs, leftMs }) =>
        log.info(
          `Still waiting: status ${status}; waited ${wholeSeconds(waitedMs)}, ${wholeSeconds(leftMs)} left before 'wait-timeout'.`
        )
    })
    report.waitedMs = waited.waitedMs
    see(report, waited.record)
    return waited.record
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) {
      report.waitedMs = clock.now() - waitStartedAt
      throw error
    }
    report.waitedMs = error.waitedMs
    report.statusAfter = error.lastStatus
    conclude(ctx, report, judgeWaitTimeout(verb, subject, error, waitFirst, ctx.ignoreConflict))
    return undefined
  }
}

async function change(ctx: WorkflowRunContext, report: WorkflowReport, subject: string) {
  const { verb, client, log } = ctx
  // Every record the change reads or is answered with is seen as it comes, the outcome's too.
  const outcome = await changeStatus(client, verb, report.workflowId, record => see(report, record))
  if (outcome.result === 'conflict') {
    // A 409 says the status changed since the first read; that read no longer holds, even
    // when nothing says what the status is now.
    report.statusAfter = outcome.currentStatus
    conclude(ctx, report, judgeConflict(verb, subject, outcome.currentStatus, conflictRules(ctx)))
    return
  }
  if ('confirmedBy' in outcome) {
    report.result = outcome.result
    report.changedAt = outcome.sentAt
    const name = report.workflowName ? ` (${report.workflowName})` : ''
    log.info(
      `${capitalise(verb.past)} ${subject}${name}: status ${outcome.record.status}${confirmationNote(outcome.confirmedBy)}.`
    )
    return
  }
  if (outcome.result === 'unknown') {
    report.statusAfter = undefined
    report.unconfirmed = true
  }
  // The check came after a request that was sent and never answered: the API may still apply
  // it, so a pause is handed to the post step to check at the end of the job.
  if (outcome.result === 'cancelled') report.unconfirmed = true
  conclude(ctx, report, judgeChange(verb, subject, outcome))
}

function conflictRules(ctx: WorkflowRunContext): ConflictRules {
  return {
    ...ctx.conflictRules,
    ignoreConflict: ctx.ignoreConflict,
    waited: ctx.waitFirst !== undefined
  }
}

/** Every record read updates the report: the last status seen is the status after. */
function see(report: WorkflowReport, record: WorkflowRecord | undefined): void {
  if (!record) return
  report.statusAfter = record.status
  report.workflowName = record.name ?? report.workflowName
  report.enrolledLeads = record.enrolledLeads ?? report.enrolledLeads
}

function conclude(
  ctx: WorkflowRunContext,
  report: WorkflowReport,
  verdict: ConflictVerdict | FailureVerdict
): void {
  report.result = verdict.result
  if ('note' in verdict) ctx.log[ctx.alreadyLevel ?? 'info'](verdict.note)
  else if ('warning' in verdict) {
    report.warning = verdict.warning
    ctx.log.warning(verdict.warning)
  } else report.error = verdict.error
}

function wholeSeconds(ms: number): string {
  return formatSeconds(Math.round(ms / 1000) * 1000)
}
