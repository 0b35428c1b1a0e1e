/** The workflow statuses DialNexa documents, by what they allow; anything else is `unknown`. */
export type StatusKind = 'paused' | 'active' | 'draft' | 'final' | 'unknown'

export function classifyStatus(status: string): StatusKind {
  switch (normaliseStatus(status)) {
    case 'paused':
      return 'paused'
    case 'active':
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
export const isFinal = (status: string): boolean => classifyStatus(status) === 'final'

/**
 * The one spelling of a status that outputs, `results`, messages and the summary all use:
 * case and surrounding spaces ignored (`PAUSED `), and the legacy `running` as `active`.
 */
export function normaliseStatus(status: string): string {
  const word = status.trim().toLowerCase()
  return word === 'running' ? 'active' : word
}
