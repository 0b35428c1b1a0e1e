import { DialNexaApiError, toFailure } from '../api/errors.js'
import { CancelledError } from '../core/cancellation.js'
import { DialNexaClient } from '../api/client.js'
import { isAmbiguous, isRecordlessAnswer } from './ambiguity.js'
import { Confirmation, End } from '../core/outcome.js'
import { classifyStatus } from '../core/status.js'
import { StatusVerb } from '../core/verb.js'
import { WorkflowRecord } from '../api/workflow-record.js'

/** How a change ended; a conflict is judged by the step's policy (see policy.ts). */
export type ChangeEnd =
  | Extract<
      End,
      { kind: 'changed' | 'not-applied' | 'unknown' | 'cancelled' | 'pending' | 'outside-hours' }
    >
  | { kind: 'conflict'; status: string | undefined; serverMessage?: string }

type UnknownCause = Extract<End, { kind: 'unknown' }>['cause']

type ReadBack = { record?: WorkflowRecord; error?: unknown; afterCancellation: boolean }

/** Checked right before each request is sent (calling hours): an end stops the change. */
export type BeforeSend = () => Promise<Extract<End, { kind: 'outside-hours' }> | undefined>

/** What stops the retries when `BeforeSend` says not to send. */
class NotSent extends Error {
  constructor(readonly end: ChangeEnd) {
    super('not sent')
  }
}

/** One change as it goes: what was sent, and what may still apply. */
class Change {
  /** An attempt whose outcome is unknown was sent; until a read settles it, it may apply. */
  uncertain = false
  sentAt = 0
  uncertainSentAt = 0

  constructor(
    readonly client: DialNexaClient,
    readonly verb: StatusVerb,
    readonly workflowId: string,
    readonly onRecord: (record: WorkflowRecord) => void,
    readonly beforeSend?: BeforeSend
  ) {}

  took(record: WorkflowRecord | undefined): boolean {
    return record !== undefined && classifyStatus(record.status) === this.verb.produces
  }

  changed(confirmedBy: Confirmation, at = this.uncertainSentAt): ChangeEnd {
    return { kind: 'changed', confirmedBy, at }
  }

  check(afterCancellation: boolean): Promise<ReadBack> {
    return this.client.getWorkflowOnce(this.workflowId, { afterCancellation }).then(
      record => (this.onRecord(record), { record, afterCancellation }),
      (error: unknown) => ({ error, afterCancellation })
    )
  }

  /** A cancellation must not turn a read into "may have changed": it is made again, bounded. */
  async readBack(): Promise<ReadBack> {
    const back = await this.check(false)
    return back.error instanceof CancelledError ? this.check(true) : back
  }

  /** After a read that showed the change took effect, or the end of a cancelled one. */
  settled(back: ReadBack): ChangeEnd | undefined {
    if (this.took(back.record))
      return this.changed(back.afterCancellation ? 'check-after-cancel' : 'read-back')
    if (back.afterCancellation) return afterCancel(back)
    return undefined
  }

  async attempt(holdGate: () => Promise<void>): Promise<ChangeEnd> {
    if (this.uncertain) {
      const ended = this.settled(await this.readBack())
      if (ended) return ended
      // The check's answer may have asked the key to wait (a 429, a spent budget).
      await holdGate()
    }
    const held = await this.beforeSend?.()
    if (held) throw new NotSent(held)
    this.sentAt = this.client.now()
    let answer: WorkflowRecord
    try {
      answer = await this.client.postStatusChangeOnce(this.verb, this.workflowId)
    } catch (error) {
      if (isAmbiguous(error)) {
        this.uncertain = true
        this.uncertainSentAt = this.sentAt
      }
      throw error
    }
    this.onRecord(answer)
    if (this.took(answer)) return this.changed('answer', this.sentAt)
    // A 2xx other than 200/201 (a 202) in the old status neither confirms nor refutes: read it
    // back, as for a timeout; if it still reads so, it may still change.
    const code = answer.httpStatus
    if (code !== undefined && code !== 201 && classifyStatus(answer.status) === this.verb.accepts) {
      this.uncertainSentAt = this.sentAt
      const ended = this.settled(await this.readBack())
      return ended ?? { kind: 'pending', status: answer.status, statusCode: code }
    }
    return { kind: 'not-applied', status: answer.status }
  }

  /** The call failed for good: only a read can tell what an earlier, unanswered attempt did. */
  async failed(error: unknown): Promise<ChangeEnd> {
    if (isRecordlessAnswer(error)) return this.afterRecordless(error)
    // Held before a retry: an earlier, unanswered attempt may still have applied.
    if (error instanceof NotSent)
      return (this.uncertain && this.settled(await this.readBack())) || error.end
    if (error instanceof CancelledError) {
      // Nothing that could apply was sent: the workflow was certainly not changed.
      if (!this.uncertain) throw error
      const back = await this.check(true)
      return this.took(back.record) ? this.changed('check-after-cancel') : afterCancel(back)
    }
    if (error instanceof DialNexaApiError && error.isStatus(409)) return this.afterConflict(error)
    if (this.uncertain) {
      const back = await this.readBack()
      const ended = this.settled(back)
      if (ended) return ended
      if (back.error !== undefined) return unknownEnd('unanswered', error)
      // Read back in the old status after an attempt that may have applied (a timeout, a 5xx,
      // an unfollowed 3xx): it may yet take effect, so it is not "not changed".
      const old = back.record && classifyStatus(back.record.status) === this.verb.accepts
      if (old && error instanceof DialNexaApiError) return pending(back.record!.status, error)
    }
    throw error
  }

  async afterRecordless(error: DialNexaApiError): Promise<ChangeEnd> {
    const back = await this.readBack()
    if (this.took(back.record)) {
      const how = back.afterCancellation
        ? 'check-after-cancel'
        : 'read-back-after-recordless-answer'
      return this.changed(how, this.sentAt)
    }
    // Still in the old status after an answer that said nothing: it may yet change.
    if (back.record && classifyStatus(back.record.status) === this.verb.accepts)
      return pending(back.record.status, error)
    if (back.record)
      return { kind: 'not-applied', status: back.record.status, recordlessCode: error.statusCode }
    return unread(back, 'recordless-answer', error)
  }

  async afterConflict(error: DialNexaApiError): Promise<ChangeEnd> {
    // One read, no waits of its own: the call's waits are spent (max-retries bounds them all).
    const back = await this.readBack()
    // Our own earlier, unanswered attempt may be what changed it, or what the 409 is about.
    if (this.uncertain && this.took(back.record))
      return this.changed(back.afterCancellation ? 'check-after-cancel' : 'read-back')
    if (this.uncertain && back.record === undefined) return unread(back, 'unanswered', error)
    const status = back.record?.status ?? error.serverStatus
    return { kind: 'conflict', status, serverMessage: error.serverMessage }
  }
}

function unknownEnd(cause: UnknownCause, error: unknown): ChangeEnd {
  return { kind: 'unknown', cause, error: toFailure(error) }
}

/** The read failed: unknown, because of the cancellation or else of `cause`. */
function unread(back: ReadBack, cause: UnknownCause, error: unknown): ChangeEnd {
  return back.afterCancellation ? unknownEnd('cancelled', back.error) : unknownEnd(cause, error)
}

/** Read back in the old status after an answer that did not say what happened: it may change. */
function pending(status: string, answer: DialNexaApiError): ChangeEnd {
  return { kind: 'pending', status, statusCode: answer.statusCode ?? 0, answer: answer.failure }
}

/** After a cancellation, the bounded check showed the change did not take effect, or failed. */
function afterCancel(back: ReadBack): ChangeEnd {
  if (back.record) return { kind: 'cancelled', status: back.record.status }
  return unknownEnd('cancelled', back.error)
}

// One status change, safe to repeat: an unknown outcome is read back, and only a record in the
// status the verb produces counts as changed. `onRecord` sees every record, in order.
export async function changeStatus(
  client: DialNexaClient,
  verb: StatusVerb,
  workflowId: string,
  onRecord: (record: WorkflowRecord) => void = () => undefined,
  beforeSend?: BeforeSend
): Promise<ChangeEnd> {
  const change = new Change(client, verb, workflowId, onRecord, beforeSend)
  const next = () => (change.uncertain ? 'check-then-send' : 'send')
  try {
    return await client.retrying(holdGate => change.attempt(holdGate), {}, verb.name, next)
  } catch (error) {
    return change.failed(error)
  }
}
