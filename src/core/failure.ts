/** Why a connection got no usable answer: a row of the table in api/network.ts, or a proxy's. */
export type NetworkCause =
  | `proxy-${'variable' | 'auth' | 'gateway' | 'refused' | 'unreachable'}`
  | `cert-${'host' | 'expired' | 'not-yet-valid' | 'untrusted' | 'rejected'}`
  | SocketCause
  | 'other'
type SocketCause =
  'tls' | 'not-http' | 'request-build' | 'dns' | 'refused' | 'reset' | 'unreachable'

export interface NetworkFailure {
  cause: NetworkCause
  /** The system or TLS code (ECONNRESET, CERT_HAS_EXPIRED…), or a short reason without one. */
  code: string
  /** host:port the request went to; for `dns`, the host name that did not resolve. */
  where: string
  /** Never the proxy's credentials: only whether it has some. */
  proxy?: { variable: string; address: string; hasCredentials: boolean }
  proxyStatus?: number
}

export type RedirectRefusal =
  | { reason: 'bad-location' | 'too-many' }
  | { reason: 'downgrade' | 'other-origin'; origin: string; apiOrigin: string }

/** What came instead of a workflow record or a DialNexa error body. */
export type BodyShape =
  | { shape: 'oversized' | 'empty' | 'no-status' }
  | { shape: 'page'; contentType: string }
  | { shape: 'other-record'; id: string }

/** A failed exchange with the DialNexa API, as data: `action/` alone turns it into words. */
export interface ApiFailure {
  kind: 'http' | 'network' | 'timeout' | 'invalid-response' | 'redirect'
  workflowId: string
  statusCode?: number
  /** As the server sent it: untrusted, quoted only through redact. */
  serverMessage?: string
  serverStatus?: string
  retryAfterMs?: number
  body?: BodyShape
  network?: NetworkFailure
  redirect?: RedirectRefusal
  /** Absent for a read. */
  verb?: 'resume' | 'pause'
  /** False when another attempt cannot help (TLS, proxy authentication). */
  retryable?: boolean
  /** The request had left and the answer was garbled, so it may have applied. */
  afterSending?: boolean
  /** The caller's deadline, not 'request-timeout', cut the request short. */
  cutByDeadline?: boolean
}

/** Any failure a workflow can end in: the API's, or one no rule expected (a bug). */
export type Failure = ApiFailure | { kind: 'unexpected'; message: string }
