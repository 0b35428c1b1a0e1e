import { DialNexaApiError } from './api-error.js'
import { CancelledError } from './cancellation.js'
import { DialNexaClient } from './dialnexa.js'
import { isTransient } from './retry.js'
import { classifyStatus } from './status.js'
import { StatusVerb } from './verb.js'
import { WorkflowRecord } from './workflow.js'

/** One status change (resume or pause), made safe to repeat: an unknown outcome is read back. */

export type StatusChangeOutcome =
  | { result: StatusVerb['past']; record: WorkflowRecord; confirmedByCheck: boolean }
  | {
      result: 'conflict'
      currentStatus: string | undefined
      record?: WorkflowRecord
      /** An earlier attempt went unanswered and no read-back succeeded: it may be ours. */
      unconfirmed?: boolean
    }

/**
 * Errors after which the change may still have taken effect: a request was sent, its answer
 * was lost (or the run was cancelled while waiting for it), and no read-back could tell.
 */
const unconfirmedErrors = new WeakSet<object>()

/** True when the change this error ended may have taken effect all the same. */
export function mayHaveTakenEffect(error: unknown): boolean {
  return typeof error === 'object' && error !== null && unconfirmedErrors.has(error)
}

/**
 * A timeout, reset or 5xx after the request left may still have changed the workflow.
 * 429 is excluded: the API refused it before doing anything.
 */
export function isAmbiguous(error: unknown): boolean {
  return isTransient(error) && !(error instanceof DialNexaApiError && error.isStatus(429))
}

export async function changeStatus(
  client: DialNexaClient,
  verb: StatusVerb,
  workflowId: string
): Promise<StatusChangeOutcome> {
  let uncertain = false
  const changed = (record: WorkflowRecord, confirmedByCheck: boolean): StatusChangeOutcome => ({
    result: verb.past,
    record,
    confirmedByCheck
  })
  const hasTakenEffect = (record: WorkflowRecord | undefined): record is WorkflowRecord =>
    record !== undefined && classifyStatus(record.status) === verb.produces
  const readBack = async (): Promise<WorkflowRecord | undefined> => {
    const current = await client.getWorkflowOnce(workflowId).catch(() => undefined)
    return hasTakenEffect(current) ? current : undefined
  }

  try {
    return await client.retrying(async () => {
      if (uncertain) {
        const record = await readBack()
        if (record) return changed(record, true)
      }
      const sentBefore = client.stats.requests
      try {
        return changed(await client.postStatusChangeOnce(verb, workflowId), false)
      } catch (error) {
        // A cancellation that cut a sent request short leaves its outcome as unknown as a reset.
        const cutShort = error instanceof CancelledError && client.stats.requests > sentBefore
        if (isAmbiguous(error) || cutShort) uncertain = true
        throw error
      }
    })
  } catch (error) {
    if (error instanceof DialNexaApiError && error.isStatus(409)) {
      // One read, no waits of its own: the call's waits are spent (max-retries bounds them all).
      const current = await client.getWorkflowOnce(workflowId).catch(() => undefined)
      // Our own earlier, unanswered attempt is what changed the workflow.
      if (uncertain && hasTakenEffect(current)) return changed(current, true)
      return {
        result: 'conflict',
        currentStatus: current?.status ?? error.serverStatus,
        record: current,
        ...(uncertain && current === undefined ? { unconfirmed: true } : {})
      }
    }
    // No request after a cancellation: the read-back is the next run's, or the post step's.
    if (uncertain && isTransient(error)) {
      const record = await readBack()
      if (record) return changed(record, true)
    }
    if (uncertain && typeof error === 'object' && error !== null) unconfirmedErrors.add(error)
    throw error
  }
}
