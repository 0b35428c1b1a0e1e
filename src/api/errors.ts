import { ApiFailure, Failure } from '../core/failure.js'

/** Thrown inside the client and turned back into data at its edge (`toFailure`). */
export class DialNexaApiError extends Error {
  constructor(readonly failure: ApiFailure) {
    // For the debug log only: users read what action/ makes of `failure`.
    super(`DialNexa API ${failure.kind}${failure.statusCode ? ` ${failure.statusCode}` : ''}`)
    this.name = 'DialNexaApiError'
  }

  isStatus = (code: number): boolean =>
    this.failure.kind === 'http' && this.failure.statusCode === code
}

export function isCutByDeadline(error: unknown): error is DialNexaApiError {
  return (
    error instanceof DialNexaApiError &&
    error.failure.kind === 'timeout' &&
    !!error.failure.cutByDeadline
  )
}

export function toFailure(error: unknown): Failure {
  if (error instanceof DialNexaApiError) return error.failure
  return { kind: 'unexpected', message: error instanceof Error ? error.message : String(error) }
}
