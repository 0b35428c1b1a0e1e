import { DialNexaApiError, isTransient, toFailure } from '../api/retry.js'
import { CancelledError } from '../core/cancellation.js'
import { DialNexaClient } from '../api/client.js'
import { Confirmation, End } from '../core/outcome.js'
import { classifyStatus, StatusVerb } from '../core/status.js'
import { WorkflowRecord } from '../api/workflow-record.js'

/** How a change ended; a conflict is judged by the step's policy (see policy.ts). */
export type ChangeEnd =
  | Exclude<End, { kind: 'conflict' }>
  | { kind: 'conflict'; status: string | undefined; serverMessage?: string }

type UnknownCause = Extract<End, { kind: 'unknown' }>['cause']

type ReadBack = { record?: WorkflowRecord; error?: unknown; afterCancellation: boolean }

/** Checked right before each request is sent (calling hours): an end stops the change. */
type BeforeSend = () => Promise<ChangeEnd | undefined>

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

  unchanged = (record: WorkflowRecord): boolean =>
    classifyStatus(record.status) === this.verb.accepts

  /** A read showed the change took effect; after a cancellation, that read is the bounded check. */
  confirmed(back: ReadBack, how: Confirmation = 'read-back', at = this.uncertainSentAt): ChangeEnd {
    return { kind: 'changed', confirmedBy: back.afterCancellation ? 'check-after-cancel' : how, at }
  }

  /** A cancellation must not turn a read into "may have changed": it is made again, bounded. */
  async readBack(afterCancellation = false): Promise<ReadBack> {
    try {
      const record = await this.client.once(this.workflowId, { afterCancellation })
      this.onRecord(record)
      return { record, afterCancellation }
    } catch (error) {
      if (error instanceof CancelledError && !afterCancellation) return this.readBack(true)
      return { error, afterCancellation }
    }
  }

  /** After a read that showed the change took effect, or the end of a cancelled one. */
  settled(back: ReadBack): ChangeEnd | undefined {
    if (this.took(back.record)) return this.confirmed(back)
    if (!back.afterCancellation) return undefined
    if (back.record) return { kind: 'cancelled', status: back.record.status }
    return unknown('cancelled', back.error)
  }

  async attempt(holdGate: () => Promise<void>): Promise<ChangeEnd> {
    if (this.uncertain) {
      const ended = this.settled(await this.readBack())
      if (ended) return ended
      // The check's answer may have asked the key to wait (a 429, a spent budget).
      await holdGate()
    }
    const held = await this.beforeSend?.()
    // Held before a retry: an earlier, unanswered attempt may still have applied.
    if (held) return (this.uncertain && this.settled(await this.readBack())) || held
    this.sentAt = this.client.now()
    let answer: WorkflowRecord
    try {
      answer = await this.client.once(this.workflowId, {}, this.verb)
    } catch (error) {
      if (isAmbiguous(error)) {
        this.uncertain = true
        this.uncertainSentAt = this.sentAt
      }
      throw error
    }
    this.onRecord(answer)
    if (this.took(answer)) return { kind: 'changed', confirmedBy: 'answer', at: this.sentAt }
    // A 2xx other than 200/201 (a 202) in the old status neither confirms nor refutes: read it
    // back, as for a timeout; if it still reads so, it may still change.
    const code = answer.httpStatus
    if (code !== undefined && code !== 201 && this.unchanged(answer)) {
      this.uncertainSentAt = this.sentAt
      const ended = this.settled(await this.readBack())
      return ended ?? { kind: 'pending', status: answer.status, statusCode: code }
    }
    return { kind: 'not-applied', status: answer.status }
  }

  /** The call failed for good: only a read can tell what an earlier, unanswered attempt did. */
  async failed(error: unknown): Promise<ChangeEnd> {
    if (isRecordlessAnswer(error)) return this.afterRecordless(error)
    if (error instanceof DialNexaApiError && error.isStatus(409)) return this.afterConflict(error)
    // Cancelled or failed: only an earlier, unanswered attempt may have applied.
    if (!this.uncertain) throw error
    const back = await this.readBack(error instanceof CancelledError)
    const ended = this.settled(back)
    if (ended) return ended
    if (!back.record) return unknown('unanswered', error)
    // A timeout, a 5xx or an unfollowed 3xx read back in the old status may yet take effect.
    if (this.unchanged(back.record) && error instanceof DialNexaApiError)
      return pending(back.record.status, error)
    throw error
  }

  async afterRecordless(error: DialNexaApiError): Promise<ChangeEnd> {
    const back = await this.readBack()
    const { record } = back
    if (!record) return unread(back, 'recordless-answer', error)
    if (this.took(record))
      return this.confirmed(back, 'read-back-after-recordless-answer', this.sentAt)
    if (this.unchanged(record)) return pending(record.status, error)
    return { kind: 'not-applied', status: record.status, recordlessCode: error.failure.statusCode }
  }

  async afterConflict(error: DialNexaApiError): Promise<ChangeEnd> {
    // One read, no waits of its own: the call's waits are spent (max-retries bounds them all).
    const back = await this.readBack()
    // Our own earlier, unanswered attempt may be what changed it, or what the 409 is about.
    if (this.uncertain && this.took(back.record)) return this.confirmed(back)
    if (this.uncertain && !back.record) return unread(back, 'unanswered', error)
    const { serverStatus, serverMessage } = error.failure
    return { kind: 'conflict', status: back.record?.status ?? serverStatus, serverMessage }
  }
}

// A failed attempt may still have changed it: a gateway answers a timeout or 5xx whether or not
// the API acted, and a garbled answer or a redirect we did not follow says nothing.
function isAmbiguous(error: unknown): boolean {
  if (error instanceof CancelledError) return error.requestSent
  if (!(error instanceof DialNexaApiError)) return false
  const { kind, statusCode: code = 0, afterSending } = error.failure
  if (kind === 'redirect' || afterSending === true) return true
  if (kind === 'http' && code >= 300 && code < 400) return true
  if ((kind === 'http' || kind === 'invalid-response') && code >= 500 && code < 600) return true
  // A 429 was refused outright.
  return isTransient(error) && !error.isStatus(429)
}

/** A 2xx without a workflow record: the API did something, but did not say what. */
function isRecordlessAnswer(error: unknown): error is DialNexaApiError {
  const { kind, statusCode = 0 } = error instanceof DialNexaApiError ? error.failure : {}
  return kind === 'invalid-response' && statusCode >= 200 && statusCode < 300
}

function unknown(cause: UnknownCause, error: unknown): ChangeEnd {
  return { kind: 'unknown', cause, error: toFailure(error) }
}

/** The read failed: unknown, because of the cancellation or else of `cause`. */
const unread = (back: ReadBack, cause: UnknownCause, error: unknown): ChangeEnd =>
  back.afterCancellation ? unknown('cancelled', back.error) : unknown(cause, error)

/** Read back in the old status after an answer that did not say what happened: it may change. */
function pending(status: string, answer: DialNexaApiError): ChangeEnd {
  return {
    kind: 'pending',
    status,
    statusCode: answer.failure.statusCode ?? 0,
    answer: answer.failure
  }
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
