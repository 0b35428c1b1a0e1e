import { StatusKind } from './status.js'

/** A status change the API offers (POST /workflows/{id}/{name}): the status it accepts, produces. */
export interface StatusVerb {
  readonly name: 'resume' | 'pause'
  readonly accepts: StatusKind
  readonly produces: StatusKind
}

export const RESUME: StatusVerb = { name: 'resume', accepts: 'paused', produces: 'active' }

/** `active` covers the legacy `running`, which the API accepts for a pause as well. */
export const PAUSE: StatusVerb = { name: 'pause', accepts: 'active', produces: 'paused' }
