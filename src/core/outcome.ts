import { Failure } from './failure.js'

/** How a change was known to have taken effect: its answer, or a read after an unclear one. */
export type Confirmation =
  'answer' | 'read-back' | 'read-back-after-recordless-answer' | 'check-after-cancel'

/** Why a wait for the accepted status stopped before 'wait-timeout' could bring it. */
export type WaitStop =
  | { cause: 'no-poll-left' }
  | { cause: 'rate-limit' }
  | { cause: 'cut-short'; retried?: Failure }
  | { cause: 'read-failed'; error: Failure }

// A failed last read (its retry cut short included) leaves the status unknown: a failure, never a
// conflict. A poll cut short or a rate-limit hold came after an answered read, whose status holds.
export const lastReadFailed = (stop: WaitStop): Failure | undefined =>
  stop.cause === 'read-failed' ? stop.error : stop.cause === 'cut-short' ? stop.retried : undefined

/** How one workflow's run ended: outputs, annotations, summary and state derive from it. */
export type End =
  /** `at`: when the request that took effect was sent (epoch ms). */
  | { kind: 'changed'; confirmedBy: Confirmation; at: number }
  /** The status the verb produces held already, and the step's policy accepts that. */
  | { kind: 'already' }
  /** Already paused, taken over by this step (`already-paused: adopt`): resumed at job end. */
  | { kind: 'adopted'; at: number }
  /** A dry run: a real run now would change it, or wait for the accepted status. */
  | { kind: 'preview'; would: 'change' | 'wait'; shut?: boolean; opensAt?: number }
  /** Calling hours were closed right before the resume: nothing sent. */
  | { kind: 'outside-hours'; opensAt?: number; skipped: boolean }
  /** `status` undefined: a 409, then no read. */
  | { kind: 'conflict'; status?: string; ignored: boolean; serverMessage?: string }
  | {
      kind: 'wait-timeout'
      status: string
      waitedMs: number
      stop: WaitStop
      ignored: boolean
      /** No poll of the wait was answered: it cannot say the workflow did not become paused. */
      unread?: boolean
    }
  /** A 2xx, but the workflow is not in the status the change produces. */
  | { kind: 'not-applied'; status: string; recordlessCode?: number }
  /** An unclear answer (a 202, a 3xx) read back still in the old status: it may yet change. */
  | { kind: 'pending'; status: string; statusCode: number; answer?: Failure }
  /** Sent, but neither an answer nor a read could tell whether it took effect. */
  | { kind: 'unknown'; cause: 'cancelled' | 'unanswered' | 'recordless-answer'; error: Failure }
  /** `status`: a request was in flight and the check after it read this. */
  | { kind: 'cancelled'; status?: string }
  /** A failure no other rule caught; it changed nothing. `found`: the workflow was read before. */
  | { kind: 'failed'; error: Failure; found: boolean; lastStatus?: string; waitCut?: boolean }

export interface WorkflowOutcome {
  workflowId: string
  workflowName?: string
  /** The status of the step's first read. */
  statusBefore?: string
  /** The last status seen: the change's answer, a read, or none when nothing is known. */
  statusAfter?: string
  enrolledLeads?: number
  end: End
  requests: number
  /** Back-offs and rate-limit holds alike: what `max-retries` counts. */
  waits: number
  durationMs: number
  waitedMs?: number
  /** When calling hours opened for a resume that waited for them (epoch ms). */
  heldUntil?: number
}

/** The coarse result outputs, counts and the summary's icons read: the end, the policy applied. */
export type Result = ReturnType<typeof resultOf>

export function resultOf(end: End) {
  if (end.kind === 'adopted') return 'changed'
  if (end.kind === 'pending') return 'unknown'
  if (end.kind === 'not-applied') return 'failed'
  if (end.kind === 'outside-hours') return end.skipped ? 'skipped' : 'failed'
  if (end.kind === 'conflict' || end.kind === 'wait-timeout')
    return end.ignored ? 'conflict-ignored' : 'failed'
  return end.kind
}

export const isError = (end: End): boolean =>
  ['failed', 'cancelled', 'unknown'].includes(resultOf(end))

/** A change was sent whose effect no answer or read confirmed: it may still apply. */
export const isUnconfirmed = (end: End): boolean =>
  end.kind === 'unknown' ||
  end.kind === 'pending' ||
  (end.kind === 'cancelled' && end.status !== undefined)

export const opensAtOf = (end: End): number | undefined =>
  end.kind === 'outside-hours' || end.kind === 'preview' ? end.opensAt : undefined

/** A 404 after the workflow had been found: most likely deleted. */
export const isDeleted = (end: End): boolean =>
  end.kind === 'failed' &&
  end.found &&
  end.error.kind === 'http' &&
  end.error.statusCode === 404 &&
  // A route's 404 ("Cannot POST …", a page) says the path was wrong, not that it is gone.
  !/^Cannot [A-Z]+ /.test(end.error.serverMessage ?? '') &&
  end.error.body?.shape !== 'page'
