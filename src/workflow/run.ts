import { CancelledError, Clock } from '../core/cancellation.js'
import { DialNexaClient } from '../api/client.js'
import { DeadlineError, isCutByDeadline, RATE_LIMIT_HOLD, toFailure } from '../api/retry.js'
import { End, lastReadFailed, WaitStop, WorkflowOutcome } from '../core/outcome.js'
import { classifyStatus } from '../core/status.js'
import { WorkflowRecord } from '../api/workflow-record.js'
import { changeStatus } from './change.js'
import { judgeConflict, StepPolicy } from './policy.js'
import { WaitEvent, waitUntilPaused } from './wait.js'
import { awaitWindow, HoursEvent, HoursGuard, windowNow } from './hours-gate.js'

/** What the log shows of a run while it goes; the end is told from the outcome. */
export type RunEvent =
  { type: 'waiting'; pollIntervalMs: number; leftMs: number } | WaitEvent | HoursEvent

export interface RunContext {
  policy: StepPolicy
  client: DialNexaClient
  clock: Clock
  signal: AbortSignal
  ignoreConflict: boolean
  /** `wait-for-paused`; `deadline` (epoch ms) ends `wait-timeout`, one for the whole step. */
  waitFirst?: { pollIntervalMs: number; deadline: number }
  onEvent?: (event: RunEvent) => void
  /** Read once and send nothing: say what a real run would do now. */
  dryRun?: boolean
  hours?: HoursGuard
  /** `already-paused: adopt` */
  adopt?: boolean
}

type Facts = Omit<WorkflowOutcome, 'end'>
type See = (record: WorkflowRecord) => void

/** One workflow's run: a first read, (a wait), the change. Expected failures end in `end`. */
export async function runWorkflow(workflowId: string, ctx: RunContext): Promise<WorkflowOutcome> {
  const { client, clock } = ctx
  const startedAt = clock.now()
  const facts: Facts = { workflowId, requests: 0, waits: 0, durationMs: 0 }
  const see = (record: WorkflowRecord): void => {
    facts.statusAfter = record.status
    facts.workflowName = record.name ?? facts.workflowName
    facts.enrolledLeads = record.enrolledLeads ?? facts.enrolledLeads
  }
  let end: End
  try {
    end = await run(workflowId, ctx, facts, see)
  } catch (error) {
    if (error instanceof CancelledError) end = { kind: 'cancelled' }
    else {
      // A 404 after a read found the workflow is a deletion, not a wrong ID.
      const found = ctx.policy.foundEarlier || facts.statusBefore !== undefined
      const cut = error instanceof DeadlineError
      const failure = toFailure(cut ? error.lastError : error)
      end = { kind: 'failed', error: failure, found, lastStatus: facts.statusAfter }
      if (cut) end.waitCut = true
    }
  }
  if (end.kind === 'unknown') facts.statusAfter = undefined
  const { requests, waits } = client.stats
  return { ...facts, requests, waits, durationMs: clock.now() - startedAt, end }
}

async function run(workflowId: string, ctx: RunContext, facts: Facts, see: See): Promise<End> {
  const { policy, client, clock, hours, waitFirst } = ctx
  // The status before any change tells an unclear outcome apart later. Always read, but its
  // retries never wait past 'wait-timeout'.
  const waitsUntil = waitFirst?.deadline ?? (hours?.outside === 'wait' ? hours.deadline : undefined)
  let current = await client.getWorkflow(workflowId, { waitsUntil })
  facts.statusBefore = current.status
  see(current)
  const firstKind = classifyStatus(current.status)
  if (waitFirst && firstKind !== 'paused' && firstKind !== 'final') {
    if (ctx.dryRun)
      return { kind: 'preview', would: 'wait', ...windowNow(hours?.hours, clock.now()) }
    const waited = await waitFor(current, waitFirst, ctx, facts, see)
    if ('kind' in waited) return waited
    current = waited
  }
  const kind = classifyStatus(current.status)
  // The API would answer 409; skip the request and treat it alike.
  if (kind !== policy.verb.accepts && kind !== 'unknown') return judge(ctx, current.status)
  if (ctx.dryRun)
    return { kind: 'preview', would: 'change', ...windowNow(hours?.hours, clock.now()) }
  // Right before each request is sent, retries included: never at the start of the step.
  const onHoursWait = (event: HoursEvent): void => {
    facts.heldUntil = event.opensAt
    ctx.onEvent?.(event)
  }
  const beforeSend = hours && (() => awaitWindow(hours, clock, ctx.signal, onHoursWait))
  const change = await changeStatus(client, policy.verb, workflowId, see, beforeSend)
  if (change.kind !== 'conflict') return change
  // A 409 says the status changed since the first read: that read no longer holds.
  facts.statusAfter = change.status
  const judged = judge(ctx, change.status)
  return judged.kind === 'conflict' ? { ...judged, serverMessage: change.serverMessage } : judged
}

/** By the step's policy; with `already-paused: adopt`, already paused counts as paused by it. */
function judge(ctx: RunContext, status: string | undefined): End {
  const judged = judgeConflict(ctx.policy, status, ctx.ignoreConflict)
  if (judged.kind !== 'already' || !ctx.adopt) return judged
  return ctx.dryRun
    ? { kind: 'preview', would: 'change' }
    : { kind: 'adopted', at: ctx.clock.now() }
}

/** The record to change once the workflow is paused or final, or the end of a wait that ran out. */
async function waitFor(
  first: WorkflowRecord,
  { pollIntervalMs, deadline }: NonNullable<RunContext['waitFirst']>,
  ctx: RunContext,
  facts: Facts,
  see: See
): Promise<WorkflowRecord | End> {
  const { clock, onEvent } = ctx
  const startedAt = clock.now()
  onEvent?.({ type: 'waiting', pollIntervalMs, leftMs: Math.max(0, deadline - clock.now()) })
  const waited = await waitUntilPaused({
    clock,
    signal: ctx.signal,
    pollIntervalMs,
    deadline,
    first,
    // Every poll is the last status seen, also in a wait that a failure ends.
    fetchWorkflow: async deadline => {
      const record = await ctx.client.getWorkflow(facts.workflowId, { deadline })
      see(record)
      return record
    },
    onEvent
  }).catch((error: unknown) => {
    facts.waitedMs = clock.now() - startedAt
    throw error
  })
  facts.waitedMs = waited.waitedMs
  if (waited.outcome !== 'timeout') return waited.record
  const stop = waitStop(waited)
  // Only a wait that read its status knows it did not become paused; one that did not is a
  // failure, whatever 'ignore-conflict' says. A wait with no time for a poll has the first read.
  const read = stop.cause === 'no-poll-left' || waited.polled > 0
  const ignored = ctx.ignoreConflict && read && lastReadFailed(stop) === undefined
  const { lastStatus: status, waitedMs } = waited
  const end: End = { kind: 'wait-timeout', status, waitedMs, stop, ignored }
  return read ? end : { ...end, unread: true }
}

function waitStop({ lastError, retried }: Partial<DeadlineError>): WaitStop {
  if (lastError === undefined) return { cause: 'no-poll-left' }
  if (lastError === RATE_LIMIT_HOLD) return { cause: 'rate-limit' }
  if (isCutByDeadline(lastError))
    return { cause: 'cut-short', ...(retried !== undefined && { retried: toFailure(retried) }) }
  return { cause: 'read-failed', error: toFailure(lastError) }
}
