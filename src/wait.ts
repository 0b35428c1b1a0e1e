import { Clock } from './clock.js'
import { DeadlineError } from './retry.js'
import { formatSeconds } from './format.js'
import { classifyStatus } from './status.js'
import { clip } from './untrusted.js'
import { WorkflowRecord } from './workflow.js'

/** Polls until the workflow is paused, is final, or the deadline passes. */

export interface WaitOptions {
  clock: Clock
  signal?: AbortSignal
  pollIntervalMs: number
  /** Epoch ms: the end of `wait-timeout`. */
  deadline: number
  /** Fetches the record; must not run (or back off) past the deadline it is given. */
  fetchWorkflow: (deadline: number) => Promise<WorkflowRecord>
  onStatusChange?: (status: string, previous: string | undefined) => void
}

export type WaitResult =
  | { outcome: 'paused'; record: WorkflowRecord; polls: number }
  | { outcome: 'final'; record: WorkflowRecord; polls: number }

export class WaitTimeoutError extends Error {
  constructor(
    readonly lastStatus: string | undefined,
    readonly waitedMs: number,
    readonly lastError?: unknown
  ) {
    // The status and the error are server text: they pass the gate before they join ours.
    const seen =
      lastStatus === undefined ? 'no status was read' : `last status seen: ${clip(lastStatus, 40)}`
    const why = lastError instanceof Error ? ` Last error: ${clip(lastError.message, 600)}` : ''
    super(
      `the workflow did not become paused in time (${seen}; waited ${formatSeconds(waitedMs)}).${why}`
    )
    this.name = 'WaitTimeoutError'
  }
}

export async function waitUntilPaused(options: WaitOptions): Promise<WaitResult> {
  const { clock, pollIntervalMs, deadline } = options
  const startedAt = clock.now()
  let lastStatus: string | undefined
  for (let polls = 1; ; polls++) {
    let record: WorkflowRecord
    try {
      record = await options.fetchWorkflow(deadline)
    } catch (error) {
      if (error instanceof DeadlineError) {
        throw new WaitTimeoutError(lastStatus, clock.now() - startedAt, error.lastError)
      }
      throw error
    }
    if (record.status !== lastStatus) {
      options.onStatusChange?.(record.status, lastStatus)
      lastStatus = record.status
    }
    const kind = classifyStatus(record.status)
    if (kind === 'paused') return { outcome: 'paused', record, polls }
    if (kind === 'final') return { outcome: 'final', record, polls }
    // The interval runs from the answer, so even the API never sees two polls closer than it.
    const nextPollAt = clock.now() + pollIntervalMs
    if (nextPollAt > deadline) {
      throw new WaitTimeoutError(lastStatus, clock.now() - startedAt)
    }
    await clock.sleep(nextPollAt - clock.now(), options.signal)
  }
}
