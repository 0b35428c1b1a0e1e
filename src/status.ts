/** The workflow statuses DialNexa documents, by what they allow; anything else is `unknown`. */
export type StatusKind = 'paused' | 'active' | 'draft' | 'final' | 'unknown'

export function classifyStatus(status: string): StatusKind {
  switch (status) {
    case 'paused':
      return 'paused'
    // `running` is the legacy spelling of `active` on older records.
    case 'active':
    case 'running':
      return 'active'
    case 'draft':
      return 'draft'
    // A final workflow can never run again, so waiting for `paused` is pointless.
    case 'completed':
    case 'cancelled':
      return 'final'
    default:
      return 'unknown'
  }
}

export const isPaused = (status: string): boolean => classifyStatus(status) === 'paused'
export const isActiveLike = (status: string): boolean => classifyStatus(status) === 'active'
export const isFinal = (status: string): boolean => classifyStatus(status) === 'final'

/** Reports the legacy `running` as `active`, so later steps compare against one word. */
export function normaliseStatus(status: string): string {
  return status === 'running' ? 'active' : status
}
