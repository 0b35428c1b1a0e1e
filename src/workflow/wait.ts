import { Clock } from '../core/cancellation.js'
import { DeadlineError } from '../api/retry.js'
import { classifyStatus } from '../core/status.js'
import { WorkflowRecord } from '../api/workflow-record.js'

/** A long wait prints a line this often, so a quiet log never looks hung. */
export const PROGRESS_EVERY_MS = 30_000

/** The first status and each change; about every PROGRESS_EVERY_MS while it stays the same. */
export type WaitEvent =
  | { type: 'status'; status: string }
  | { type: 'still-waiting'; status: string; waitedMs: number; leftMs: number }

export interface WaitOptions {
  clock: Clock
  signal?: AbortSignal
  pollIntervalMs: number
  /** Epoch ms: the end of `wait-timeout`. */
  deadline: number
  /** The caller's first read, made whatever the deadline: every workflow is read at least once. */
  first: WorkflowRecord
  /** Must not run, or back off, past the deadline it is given. */
  fetchWorkflow: (deadline: number) => Promise<WorkflowRecord>
  onEvent?: (event: WaitEvent) => void
}

/** `polled`: polls answered, the first read not counted; `retried`: see DeadlineError. */
export type WaitResult =
  | { outcome: 'paused' | 'final'; record: WorkflowRecord; waitedMs: number }
  | ({ outcome: 'timeout'; lastStatus: string; waitedMs: number; polled: number } & Partial<
      Pick<DeadlineError, 'lastError' | 'retried'>
    >)

/** Polls until the workflow is paused or final, or until the deadline: a timeout. */
export async function waitUntilPaused(options: WaitOptions): Promise<WaitResult> {
  const { clock, pollIntervalMs, deadline } = options
  const startedAt = clock.now()
  let record = options.first
  let polled = 0
  let lastLineAt = startedAt
  const progress = (now: number): void => {
    const [waitedMs, leftMs] = [now - startedAt, Math.max(0, deadline - now)]
    options.onEvent?.({ type: 'still-waiting', status: record.status, waitedMs, leftMs })
    lastLineAt = now
  }
  options.onEvent?.({ type: 'status', status: record.status })
  for (;;) {
    const kind = classifyStatus(record.status)
    const waitedMs = clock.now() - startedAt
    if (kind === 'paused' || kind === 'final') return { outcome: kind, record, waitedMs }
    // The interval runs from the answer, so the API never sees two polls closer than it.
    const nextPollAt = clock.now() + pollIntervalMs
    if (nextPollAt > deadline)
      return { outcome: 'timeout', lastStatus: record.status, waitedMs, polled }
    // A long interval is slept in pieces, so the log shows the wait is alive.
    while (lastLineAt + PROGRESS_EVERY_MS < nextPollAt) {
      await clock.sleep(lastLineAt + PROGRESS_EVERY_MS - clock.now(), options.signal)
      progress(clock.now())
    }
    await clock.sleep(nextPollAt - clock.now(), options.signal)
    const previous = record.status
    try {
      record = await options.fetchWorkflow(deadline)
    } catch (error) {
      if (!(error instanceof DeadlineError)) throw error
      const { lastError, retried } = error
      const waitedMs = clock.now() - startedAt
      return { outcome: 'timeout', lastStatus: previous, waitedMs, polled, lastError, retried }
    }
    polled++
    const now = clock.now()
    if (record.status !== previous) {
      options.onEvent?.({ type: 'status', status: record.status })
      lastLineAt = now
    } else if (now - lastLineAt >= PROGRESS_EVERY_MS) {
      progress(now)
    }
  }
}
