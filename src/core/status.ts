/** The workflow statuses DialNexa documents, by what they allow; anything else is `unknown`. */
export type StatusKind = 'paused' | 'active' | 'draft' | 'final' | 'unknown'

const KINDS = new Map<string, StatusKind>([
  ['paused', 'paused'],
  ['active', 'active'],
  ['draft', 'draft'],
  // A final workflow can never run again, so waiting for `paused` is pointless.
  ['completed', 'final'],
  ['cancelled', 'final']
])

export function classifyStatus(status: string): StatusKind {
  return KINDS.get(normaliseStatus(status)) ?? 'unknown'
}

export const isPaused = (status: string): boolean => classifyStatus(status) === 'paused'

/** The one spelling every output uses: `PAUSED ` as `paused`, the legacy `running` as `active`. */
export function normaliseStatus(status: string): string {
  const word = status.trim().toLowerCase()
  return word === 'running' ? 'active' : word
}
