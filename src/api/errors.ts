import { StatusVerb } from '../core/verb.js'

/** One failed exchange with the DialNexa API, described well enough to decide and to explain. */

export type FailureKind = 'http' | 'network' | 'timeout' | 'invalid-response' | 'redirect'

export interface ApiFailure {
  kind: FailureKind
  workflowId: string
  /** HTTP status, for `http` and `invalid-response`. */
  statusCode?: number
  /** The server's `message`, already clipped and made safe. */
  serverMessage?: string
  /** The workflow status the server named in an error body, if it did. */
  serverStatus?: string
  /** From Retry-After, already capped. */
  retryAfterMs?: number
  /**
   * For `network`: the cause and what to do, as a sentence fragment. For `redirect`: why it
   * was refused. For `invalid-response`: what came instead of a record. For `http`: what came
   * instead of an error message (a page that is not JSON), in our words, never quoted.
   */
  detail?: string
  /** The status change the request asked for; absent for a read. */
  verb?: StatusVerb
  /** For `network`: false when another attempt cannot help (TLS, proxy authentication). */
  retryable?: boolean
  /** For `network`: the request had left and the answer was garbled, so it may have applied. */
  afterSending?: boolean
  /**
   * For `timeout`: the caller's deadline (the end of 'wait-timeout', or the short check after a
   * cancellation) came before 'request-timeout' and cut the request short: the API was not
   * necessarily slow.
   */
  cutByDeadline?: boolean
}

const HINTS: Record<number, string> = {
  400: 'The API rejected the request as invalid.',
  401: "Check the 'api-key' secret: it is missing, mistyped or revoked.",
  403: "Check the key's permissions: it must be allowed to manage workflows in this workspace.",
  404: "Check 'workflow-id' and that the key belongs to the workflow's workspace.",
  422: 'The API found the request semantically invalid.',
  429: 'The API key hit its rate limit.'
}

export class DialNexaApiError extends Error implements ApiFailure {
  readonly kind: FailureKind
  readonly workflowId: string
  readonly statusCode?: number
  readonly serverMessage?: string
  readonly serverStatus?: string
  readonly retryAfterMs?: number
  readonly detail?: string
  readonly verb?: StatusVerb
  readonly retryable?: boolean
  readonly afterSending?: boolean
  readonly cutByDeadline?: boolean

  constructor(failure: ApiFailure) {
    super(describeFailure(failure))
    this.name = 'DialNexaApiError'
    this.kind = failure.kind
    this.workflowId = failure.workflowId
    this.statusCode = failure.statusCode
    this.serverMessage = failure.serverMessage
    this.serverStatus = failure.serverStatus
    this.retryAfterMs = failure.retryAfterMs
    this.detail = failure.detail
    this.verb = failure.verb
    this.retryable = failure.retryable
    this.afterSending = failure.afterSending
    this.cutByDeadline = failure.cutByDeadline
  }

  isStatus(code: number): boolean {
    return this.kind === 'http' && this.statusCode === code
  }
}

/**
 * The failure as a sentence for the user. `subject` names the workflow: by its ID, or as
 * "the workflow" where a title or prefix already gives the ID. `foundEarlier`: the workflow was
 * read earlier in the job, so its ID was right and a 404 means it is gone.
 */
export function describeFailure(
  f: ApiFailure,
  subject = `workflow ${f.workflowId}`,
  foundEarlier = false
): string {
  switch (f.kind) {
    case 'network':
      return `Could not reach the DialNexa API for ${subject}: ${f.detail ?? "the connection failed. Check 'api-url' and the runner's network or proxy."}`
    case 'redirect':
      return `Refused a redirect from the DialNexa API for ${subject}: ${f.detail ?? "Check 'api-url'."}`
    case 'timeout':
      return f.cutByDeadline
        ? `The DialNexa API had not answered for ${subject} when the time left for the request ran out.`
        : `The DialNexa API did not answer in time for ${subject}. Raise 'request-timeout' if the API is slow.`
    case 'invalid-response':
      return `The DialNexa API answered HTTP ${f.statusCode ?? '?'} for ${subject} without a JSON workflow record${f.detail ? ` (${f.detail})` : ''}. A proxy or load balancer may be answering instead of the API; check 'api-url'.`
    case 'http': {
      const code = f.statusCode ?? 0
      const hint = hintFor(code, f.verb, foundEarlier)
      const said = f.serverMessage
        ? ` The API said: "${f.serverMessage}".`
        : f.detail
          ? ` The answer was ${f.detail}.`
          : ''
      return `DialNexa API returned HTTP ${code} for ${subject}.${said}${hint ? ` ${hint}` : ''}`
    }
  }
}

function hintFor(code: number, verb: StatusVerb | undefined, foundEarlier: boolean): string {
  // DialNexa answers 409 when the workflow's status does not accept the change.
  if (code === 409 && verb) return `The workflow is not ${verb.acceptedWord}.`
  if (code === 404 && foundEarlier) {
    return 'It was read earlier in this job, so it was most likely deleted since; check it in DialNexa.'
  }
  return (
    HINTS[code] ??
    (code >= 500 ? 'The DialNexa API had a server error; run the step again later.' : '')
  )
}

/** A request cut short by its caller's deadline, not by 'request-timeout'. */
export function isCutByDeadline(error: unknown): error is DialNexaApiError {
  return (
    error instanceof DialNexaApiError && error.kind === 'timeout' && error.cutByDeadline === true
  )
}

/**
 * What one attempt ran into, as a short phrase without advice: "HTTP 429 (rate limited)",
 * "no answer in time", "the connection to … was reset (ECONNRESET)".
 */
export function describeAttempt(error: unknown): string {
  if (!(error instanceof DialNexaApiError)) return 'an unexpected error'
  const code = error.statusCode ?? 0
  switch (error.kind) {
    case 'network':
      // The detail's first sentence says what happened; the rest is advice for the final error.
      return error.detail?.split(/\. (?=[A-Z])/)[0]?.replace(/\.$/, '') ?? 'a connection error'
    case 'redirect':
      return `a refused redirect (HTTP ${code})`
    case 'timeout':
      return error.cutByDeadline ? 'no answer in the time left for it' : 'no answer in time'
    case 'invalid-response':
      return `HTTP ${code} without a workflow record`
    case 'http':
      if (code === 429) return 'HTTP 429 (rate limited)'
      return code >= 500 ? `HTTP ${code} (server error)` : `HTTP ${code}`
  }
}
