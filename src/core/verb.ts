import { StatusKind } from './status.js'

/** A status change the API offers: what it asks for, which status it accepts and produces. */
export interface StatusVerb {
  name: 'resume' | 'pause'
  /** Appended to /workflows/{id}. */
  pathSuffix: string
  accepts: StatusKind
  produces: StatusKind
}

export const RESUME: StatusVerb = Object.freeze({
  name: 'resume',
  pathSuffix: '/resume',
  accepts: 'paused',
  produces: 'active'
})

/** `active` covers the legacy `running`, which the API accepts for a pause as well. */
export const PAUSE: StatusVerb = Object.freeze({
  name: 'pause',
  pathSuffix: '/pause',
  accepts: 'active',
  produces: 'paused'
})
