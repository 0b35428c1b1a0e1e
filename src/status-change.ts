import { DialNexaApiError } from './api-error.js'
import { DialNexaClient } from './dialnexa.js'
import { isTransient } from './retry.js'
import { classifyStatus } from './status.js'
import { StatusVerb } from './verb.js'
import { WorkflowRecord } from './workflow.js'

/** One status change (resume or pause), made safe to repeat: an unknown outcome is read back. */

export type StatusChangeOutcome =
  | { result: StatusVerb['past']; record: WorkflowRecord; confirmedByCheck: boolean }
  | { result: 'conflict'; currentStatus: string | undefined; record?: WorkflowRecord }

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
      try {
        return changed(await client.postStatusChangeOnce(verb, workflowId), false)
      } catch (error) {
        if (isAmbiguous(error)) uncertain = true
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
        record: current
      }
    }
    if (uncertain && isTransient(error)) {
      const record = await readBack()
      if (record) return changed(record, true)
    }
    throw error
  }
}
