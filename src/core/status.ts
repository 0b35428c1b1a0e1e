/** The workflow statuses DialNexa documents, by what they allow; anything else is `unknown`. */
export type StatusKind = 'paused' | 'active' | 'draft' | 'final' | 'unknown'

export function classifyStatus(status: string): StatusKind {
  const word = normaliseStatus(status)
  if (word === 'paused' || word === 'active' || word === 'draft') return word
  // A final workflow can never run again, so waiting for `paused` is pointless.
  return word === 'completed' || word === 'cancelled' ? 'final' : 'unknown'
}

export const isPaused = (status: string): boolean => classifyStatus(status) === 'paused'

/** The one spelling every output uses: `PAUSED ` as `paused`, the legacy `running` as `active`. */
export function normaliseStatus(status: string): string {
  const word = status.trim().toLowerCase()
  return word === 'running' ? 'active' : word
}

/** A status change the API offers (POST /workflows/{id}/{name}): the status it accepts, produces. */
export interface StatusVerb {
  readonly name: 'resume' | 'pause'
  readonly accepts: StatusKind
  readonly produces: StatusKind
}

export const RESUME: StatusVerb = { name: 'resume', accepts: 'paused', produces: 'active' }

/** `active` covers the legacy `running`, which the API accepts for a pause as well. */
export const PAUSE: StatusVerb = { name: 'pause', accepts: 'active', produces: 'paused' }
