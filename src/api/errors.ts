import { ApiFailure, Failure } from '../core/failure.js'

/** Thrown inside the client and turned back into data at its edge (`toFailure`). */
export class DialNexaApiError extends Error {
  // The fields the rules read, copied from `failure`.
  declare readonly kind: ApiFailure['kind']
  declare readonly statusCode?: number
  declare readonly serverMessage?: string
  declare readonly serverStatus?: string
  declare readonly afterSending?: boolean
  declare readonly cutByDeadline?: boolean

  constructor(readonly failure: ApiFailure) {
    // For the debug log only: users read what action/ makes of `failure`.
    super(`DialNexa API ${failure.kind}${failure.statusCode ? ` ${failure.statusCode}` : ''}`)
    this.name = 'DialNexaApiError'
    Object.assign(this, failure)
  }

  isStatus(code: number): boolean {
    return this.kind === 'http' && this.statusCode === code
  }
}

export function isCutByDeadline(error: unknown): error is DialNexaApiError {
  return error instanceof DialNexaApiError && error.kind === 'timeout' && !!error.cutByDeadline
}

export function toFailure(error: unknown): Failure {
  if (error instanceof DialNexaApiError) return error.failure
  return { kind: 'unexpected', message: error instanceof Error ? error.message : String(error) }
}
