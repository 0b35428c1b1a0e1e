import { DialNexaApiError } from '../api/errors.js'
import { CancelledError } from '../core/cancellation.js'
import { DialNexaClient } from '../api/client.js'
import { isTransient } from '../api/retry.js'
import { classifyStatus } from '../core/status.js'
import { StatusVerb } from '../core/verb.js'
import { WorkflowRecord } from '../api/workflow-record.js'

/**
 * One status change (resume or pause), made safe to repeat: an unknown outcome is read back,
 * and only a record in the status the change produces counts as changed.
 */

/** How a change was known to have taken effect. */
export type Confirmation =
  /** The API answered with the record in its new status. */
  | 'answer'
  /** An attempt went unanswered (timeout, reset, 5xx); a read showed it took effect. */
  | 'read-back'
  /** The API answered 2xx without a record; a read showed it took effect. */
  | 'read-back-after-recordless-answer'
  /** The job was cancelled with the request in flight; the check after it showed it took effect. */
  | 'check-after-cancel'

export type StatusChangeOutcome =
  | {
      result: StatusVerb['past']
      record: WorkflowRecord
      confirmedBy: Confirmation
      /**
       * Epoch ms when the request that took effect was sent: the change happened then, give or
       * take its answer's latency, though a read after a wait or a cancellation confirmed it.
       */
      sentAt: number
    }
  | { result: 'conflict'; currentStatus: string | undefined; record?: WorkflowRecord }
  /**
   * A 2xx, but the workflow is not in the status the change produces: as the answer said, or,
   * after an answer without a record (`recordlessCode`), as a read showed.
   */
  | { result: 'not-applied'; record: WorkflowRecord; recordlessCode?: number }
  /** Cancelled with a request in flight; the check after it shows it did not take effect. */
  | { result: 'cancelled'; record: WorkflowRecord }
  /**
   * Sent, but neither an answer nor a read could tell whether it took effect. `error` is the
   * attempt's own failure, or the failed read's after a cancellation.
   */
  | { result: 'unknown'; cause: 'cancelled' | 'unanswered' | 'recordless-answer'; error: unknown }

/**
 * A timeout, reset or 5xx after the request left may still have changed the workflow: any 5xx,
 * also one not worth retrying (a CDN's 520-524, a 507), since a gateway answers it whether or
 * not the API acted; and an answer too garbled to parse. So may a redirect we refused to follow:
 * the API got the request, and a 303 even says it was done, but where to read the result is
 * another origin. 429 is excluded: the API refused it outright.
 */
export function isAmbiguous(error: unknown): boolean {
  if (error instanceof CancelledError) return error.requestSent
  if (error instanceof DialNexaApiError && error.kind === 'redirect') return true
  if (error instanceof DialNexaApiError && isServerError(error)) return true
  if (error instanceof DialNexaApiError && error.afterSending === true) return true
  return isTransient(error) && !(error instanceof DialNexaApiError && error.isStatus(429))
}

function isServerError(error: DialNexaApiError): boolean {
  const code = error.statusCode ?? 0
  return (error.kind === 'http' || error.kind === 'invalid-response') && code >= 500 && code < 600
}

/** A 2xx without a workflow record: the API did something, but did not say what. */
function isRecordlessAnswer(error: unknown): error is DialNexaApiError {
  if (!(error instanceof DialNexaApiError) || error.kind !== 'invalid-response') return false
  const code = error.statusCode ?? 0
  return code >= 200 && code < 300
}

type ReadBack = (
  { record: WorkflowRecord; error?: undefined } | { record?: undefined; error: unknown }
) & {
  /** The job was cancelled before or during the read: this is the one bounded check after it. */
  afterCancellation: boolean
}

/**
 * `onRecord` sees every record the change reads or is answered with, in order, also those of a
 * change that then fails: the last of them is the last status seen.
 */
export async function changeStatus(
  client: DialNexaClient,
  verb: StatusVerb,
  workflowId: string,
  onRecord: (record: WorkflowRecord) => void = () => undefined
): Promise<StatusChangeOutcome> {
  // An attempt whose outcome is unknown has been sent; until a read settles it, it may apply.
  let uncertain = false
  // When the last attempt was sent, and the last one that may have applied unanswered: a read
  // shows only that the change took effect, not when (the read may come after a long wait).
  let sentAt = 0
  let uncertainSentAt = 0
  const changed = (
    record: WorkflowRecord,
    confirmedBy: Confirmation,
    at = uncertainSentAt
  ): StatusChangeOutcome => ({ result: verb.past, record, confirmedBy, sentAt: at })
  const hasTakenEffect = (record: WorkflowRecord | undefined): record is WorkflowRecord =>
    record !== undefined && classifyStatus(record.status) === verb.produces
  const check = (afterCancellation: boolean): Promise<ReadBack> =>
    client.getWorkflowOnce(workflowId, { afterCancellation }).then(
      record => {
        onRecord(record)
        return { record, afterCancellation }
      },
      (error: unknown) => ({ error, afterCancellation })
    )
  // A cancellation must not cut a read short into "may have been changed": the read it stopped
  // is made again as the one short, bounded check the README promises.
  const readBack = async (): Promise<ReadBack> => {
    const back = await check(false)
    return back.error instanceof CancelledError ? check(true) : back
  }
  const confirmedBy = (back: ReadBack): Confirmation =>
    back.afterCancellation ? 'check-after-cancel' : 'read-back'

  try {
    return await client.retrying(
      async holdGate => {
        if (uncertain) {
          const back = await readBack()
          if (hasTakenEffect(back.record)) return changed(back.record, confirmedBy(back))
          if (back.afterCancellation) return afterCancel(back)
          // The check's answer may have asked the key to wait (a 429, a spent budget).
          await holdGate()
        }
        let answer: WorkflowRecord
        sentAt = client.now()
        try {
          answer = await client.postStatusChangeOnce(verb, workflowId)
        } catch (error) {
          if (isAmbiguous(error)) {
            uncertain = true
            uncertainSentAt = sentAt
          }
          throw error
        }
        onRecord(answer)
        if (hasTakenEffect(answer)) return changed(answer, 'answer', sentAt)
        return { result: 'not-applied', record: answer }
      },
      {},
      `the ${verb.name} request`,
      () => (uncertain ? 'check-then-send' : 'send')
    )
  } catch (error) {
    if (isRecordlessAnswer(error)) {
      const back = await readBack()
      if (hasTakenEffect(back.record)) {
        return changed(
          back.record,
          back.afterCancellation ? 'check-after-cancel' : 'read-back-after-recordless-answer',
          sentAt
        )
      }
      if (back.record) {
        return { result: 'not-applied', record: back.record, recordlessCode: error.statusCode }
      }
      return {
        result: 'unknown',
        cause: back.afterCancellation ? 'cancelled' : 'recordless-answer',
        error: back.afterCancellation ? back.error : error
      }
    }
    if (error instanceof CancelledError) {
      // Nothing that could apply was sent: the workflow was certainly not changed.
      if (!uncertain) throw error
      const back = await check(true)
      if (hasTakenEffect(back.record)) return changed(back.record, 'check-after-cancel')
      return afterCancel(back)
    }
    if (error instanceof DialNexaApiError && error.isStatus(409)) {
      // One read, no waits of its own: the call's waits are spent (max-retries bounds them all).
      const back = await readBack()
      const current = back.record
      // Our own earlier, unanswered attempt is what changed the workflow.
      if (uncertain && hasTakenEffect(current)) return changed(current, confirmedBy(back))
      // Our earlier attempt may be what the 409 is about, and nothing can be read to tell.
      if (uncertain && current === undefined) {
        return back.afterCancellation
          ? { result: 'unknown', cause: 'cancelled', error: back.error }
          : { result: 'unknown', cause: 'unanswered', error }
      }
      return {
        result: 'conflict',
        currentStatus: current?.status ?? error.serverStatus,
        record: current
      }
    }
    // Whatever the last answer was (a 5xx, a 403 from a gateway, a refused redirect), it says
    // nothing about an earlier attempt that went unanswered: only a read can.
    if (uncertain) {
      const back = await readBack()
      if (hasTakenEffect(back.record)) return changed(back.record, confirmedBy(back))
      if (back.afterCancellation) return afterCancel(back)
      if (back.error !== undefined) return { result: 'unknown', cause: 'unanswered', error }
    }
    throw error
  }
}

/** After a cancellation, the bounded check showed the change did not take effect, or failed. */
function afterCancel(back: ReadBack): StatusChangeOutcome {
  if (back.record) return { result: 'cancelled', record: back.record }
  return { result: 'unknown', cause: 'cancelled', error: back.error }
}
