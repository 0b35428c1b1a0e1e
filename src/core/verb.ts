import { StatusKind } from './status.js'

/**
 * A status change DialNexa offers as POST /workflows/{id}/{name}. Both verbs share every other
 * rule (retries, ambiguity, conflicts, reporting), so this value is all that tells them apart.
 */
export interface StatusVerb {
  /** The request as users name it: "no further resume will be sent". */
  readonly name: 'resume' | 'pause'
  /** Appended to /workflows/{id}. */
  readonly pathSuffix: string
  /** The API accepts the request only in this kind of status, and answers 409 otherwise. */
  readonly accepts: StatusKind
  /** The kind of status a change that took effect leaves, which a read-back can confirm. */
  readonly produces: StatusKind
  /** "was resumed"; also the result of a workflow the step changed, and its output's name. */
  readonly past: 'resumed' | 'paused'
  /** The accepted status in messages: "is not paused". */
  readonly acceptedWord: string
}

export const RESUME: StatusVerb = Object.freeze({
  name: 'resume',
  pathSuffix: '/resume',
  accepts: 'paused',
  produces: 'active',
  past: 'resumed',
  acceptedWord: 'paused'
})

/** `active` covers the legacy `running`, which the API accepts for a pause as well. */
export const PAUSE: StatusVerb = Object.freeze({
  name: 'pause',
  pathSuffix: '/pause',
  accepts: 'active',
  produces: 'paused',
  past: 'paused',
  acceptedWord: 'active'
})

export type ChangedResult = StatusVerb['past']
