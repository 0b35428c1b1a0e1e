import { ApiFailure, Failure } from '../core/failure.js'

/** Thrown inside the client and turned back into data at its edge (`toFailure`). */
export class DialNexaApiError extends Error implements ApiFailure {
  readonly kind: ApiFailure['kind']
  readonly workflowId: string
  readonly statusCode?: number
  readonly serverMessage?: string
  readonly serverStatus?: string
  readonly retryAfterMs?: number
  readonly retryable?: boolean
  readonly afterSending?: boolean
  readonly cutByDeadline?: boolean

  constructor(readonly failure: ApiFailure) {
    // For the debug log only: users read what action/ makes of `failure`.
    super(`DialNexa API ${failure.kind}${failure.statusCode ? ` ${failure.statusCode}` : ''}`)
    this.name = 'DialNexaApiError'
    this.kind = failure.kind
    this.workflowId = failure.workflowId
    this.statusCode = failure.statusCode
    this.serverMessage = failure.serverMessage
    this.serverStatus = failure.serverStatus
    this.retryAfterMs = failure.retryAfterMs
    this.retryable = failure.retryable
    this.afterSending = failure.afterSending
    this.cutByDeadline = failure.cutByDeadline
  }

  isStatus(code: number): boolean {
    return this.kind === 'http' && this.statusCode === code
  }
}

/** A request cut short by its caller's deadline, not by 'request-timeout'. */
export function isCutByDeadline(error: unknown): error is DialNexaApiError {
  return error instanceof DialNexaApiError && error.kind === 'timeout' && !!error.cutByDeadline
}

export function toFailure(error: unknown): Failure {
  if (error instanceof DialNexaApiError) return error.failure
  return { kind: 'unexpected', message: error instanceof Error ? error.message : String(error) }
}
