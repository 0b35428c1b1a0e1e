import { End } from '../core/outcome.js'
import { classifyStatus, PAUSE, RESUME, StatusVerb } from '../core/status.js'

/** What each step accepts, changes and tolerates: one value per step, no flags passed around. */
export interface StepPolicy {
  step: 'resume' | 'pause' | 'post'
  verb: StatusVerb
  /** The verb's status already holds: someone else made the change; a success. */
  acceptAlready: boolean
  /** A workflow that became final meanwhile is left alone with a warning, not fought. */
  finalIsWarning: boolean
  /** Every workflow was read earlier in the job, so a 404 on the first read is a deletion. */
  foundEarlier: boolean
}

export const RESUME_STEP: StepPolicy = Object.freeze({
  step: 'resume',
  verb: RESUME,
  acceptAlready: false,
  finalIsWarning: false,
  foundEarlier: false
})

/** Someone else paused it for their own reason: the desired state holds, and it is theirs. */
export const PAUSE_STEP: StepPolicy = Object.freeze({
  ...RESUME_STEP,
  step: 'pause',
  verb: PAUSE,
  acceptAlready: true
})

export const POST_STEP: StepPolicy = Object.freeze({
  step: 'post',
  verb: RESUME,
  acceptAlready: true,
  finalIsWarning: true,
  foundEarlier: true
})

/** A status that does not accept the change (`status` undefined: a 409 and no read after it). */
export function judgeConflict(
  policy: StepPolicy,
  status: string | undefined,
  ignoreConflict: boolean
): End {
  const kind = status === undefined ? undefined : classifyStatus(status)
  if (policy.acceptAlready && kind === policy.verb.produces) return { kind: 'already' }
  // Refused while it reads as accepted, or unread: something else holds it; never waved through.
  const heldElsewhere = kind === undefined || kind === policy.verb.accepts
  const ignored = !heldElsewhere && ((policy.finalIsWarning && kind === 'final') || ignoreConflict)
  return { kind: 'conflict', status, ignored }
}
