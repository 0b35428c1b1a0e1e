import { DialNexaApiError } from './api-error.js'
import { DialNexaClient } from './dialnexa.js'
import { isTransient } from './retry.js'
import { isActiveLike } from './status.js'
import { WorkflowRecord } from './workflow.js'

/** POST /resume, made safe to repeat: an unknown outcome is checked before it is retried. */

export type ResumeOutcome =
  | { result: 'resumed'; record: WorkflowRecord; confirmedByCheck: boolean }
  | { result: 'conflict'; currentStatus: string | undefined; record?: WorkflowRecord }

/**
 * A timeout, reset or 5xx after the request left may still have resumed the workflow.
 * 429 is excluded: the API refused it before doing anything.
 */
export function isAmbiguous(error: unknown): boolean {
  return isTransient(error) && !(error instanceof DialNexaApiError && error.isStatus(429))
}

export async function resumeWorkflow(
  client: DialNexaClient,
  workflowId: string
): Promise<ResumeOutcome> {
  let uncertain = false
  const activeNow = async (): Promise<WorkflowRecord | undefined> => {
    const current = await client.getWorkflowOnce(workflowId).catch(() => undefined)
    return current && isActiveLike(current.status) ? current : undefined
  }

  try {
    return await client.retrying(async () => {
      if (uncertain) {
        const record = await activeNow()
        if (record) return { result: 'resumed', record, confirmedByCheck: true } as const
      }
      try {
        const record = await client.postResume(workflowId)
        return { result: 'resumed', record, confirmedByCheck: false } as const
      } catch (error) {
        if (isAmbiguous(error)) uncertain = true
        throw error
      }
    })
  } catch (error) {
    if (error instanceof DialNexaApiError && error.isStatus(409)) {
      const current = await client.getWorkflow(workflowId).catch(() => undefined)
      // Our own earlier, unanswered attempt is what made the workflow active.
      if (uncertain && current && isActiveLike(current.status)) {
        return { result: 'resumed', record: current, confirmedByCheck: true }
      }
      return {
        result: 'conflict',
        currentStatus: current?.status ?? error.serverStatus,
        record: current
      }
    }
    if (uncertain && isTransient(error)) {
      const record = await activeNow()
      if (record) return { result: 'resumed', record, confirmedByCheck: true }
    }
    throw error
  }
}
