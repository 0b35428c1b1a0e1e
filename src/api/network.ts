import { NetworkCause, NetworkFailure } from '../core/failure.js'
import { proxyFor, ProxyInUse, unreadableProxyVariable } from './proxy-variables.js'

export interface ConnectionFailure extends NetworkFailure {
  retryable: boolean
  /** The request had left and something answered, garbled: the server may have acted on it. */
  afterSending?: boolean
}

/** Error code → cause and whether another attempt can help; the first matching row wins. */
const CODES: [RegExp, NetworkCause, boolean][] = [
  [/^(ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)$/, 'cert-host', false],
  [/^CERT_HAS_EXPIRED$/, 'cert-expired', false],
  [/^CERT_NOT_YET_VALID$/, 'cert-not-yet-valid', false],
  [
    /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT_UNTRUSTED|INVALID_CA)$/,
    'cert-untrusted',
    false
  ],
  [
    /^(CERT_|CRL_|UNABLE_TO_|ERROR_IN_CERT|INVALID_PURPOSE|PATH_LENGTH_EXCEEDED)/,
    'cert-rejected',
    false
  ],
  [/^(ERR_SSL_|ERR_TLS_|EPROTO$)/, 'tls', false],
  // Node's HTTP parser: the server spoke, but not HTTP (another service, or TLS to an http URL).
  [/^HPE_/, 'not-http', false],
  // Thrown while building the request, before anything is sent.
  [
    /^(ERR_INVALID_CHAR|ERR_INVALID_HTTP_TOKEN|ERR_UNESCAPED_CHARACTERS|ERR_INVALID_URL)$/,
    'request-build',
    false
  ],
  [/^(ENOTFOUND|EAI_AGAIN)$/, 'dns', true],
  [/^ECONNREFUSED$/, 'refused', true],
  [/^ECONNRESET$/, 'reset', true],
  [/^(ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ENETDOWN|EHOSTDOWN)$/, 'unreachable', true]
]

// http-client tunnels https through a proxy with `tunnel`, which reports every CONNECT
// failure as ECONNRESET and keeps the real cause only in its message.
const TUNNEL_STATUS = /^tunneling socket could not be established, statusCode=(\d+)/
const TUNNEL_CAUSE = /^tunneling socket could not be established, cause=(.*)$/s
const SYSTEM_CODE = /\b(E[A-Z]{3,}|EAI_AGAIN)\b/
// Failures to open a connection, as opposed to failures of one that was open.
const CONNECT_CODE = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)$/

export function describeConnectionFailure(error: unknown, url: URL): ConnectionFailure {
  const where = `${url.hostname}:${portOf(url)}`
  // http-client throws a bare "Invalid URL" for it before any connection, on every attempt.
  const unreadable = unreadableProxyVariable(url)
  if (unreadable) {
    const proxy = { variable: unreadable, address: '', hasCredentials: false }
    const code = `${unreadable} is not a URL`
    return { cause: 'proxy-variable', code, where, proxy, retryable: false }
  }
  const code = stringField(error, 'code') ?? ''
  const message = error instanceof Error ? error.message : String(error)
  const proxy = proxyFor(url)
  const tunnelStatus = TUNNEL_STATUS.exec(message)
  if (tunnelStatus) return proxyAnswered(Number(tunnelStatus[1]), where, proxy)
  const tunnelCause = TUNNEL_CAUSE.exec(message)
  if (tunnelCause) {
    const cause = SYSTEM_CODE.exec(tunnelCause[1] ?? '')?.[1] ?? ''
    return { cause: 'proxy-unreachable', code: cause, where, proxy, retryable: true }
  }
  // Without a tunnel (an http URL), the connection is to the proxy: its failure is the proxy's.
  if (proxy && CONNECT_CODE.test(code) && isProxyAddress(error, proxy)) {
    return { cause: 'proxy-unreachable', code, where, proxy, retryable: true }
  }
  const row = CODES.find(([pattern]) => pattern.test(code))
  if (!row) {
    const other = code || message.slice(0, 120) || 'connection failed'
    return { cause: 'other', code: other, where, retryable: true }
  }
  const [, cause, retryable] = row
  const host = cause === 'dns' ? (stringField(error, 'hostname') ?? url.hostname) : where
  const afterSending = cause === 'not-http' ? { afterSending: true } : {}
  return { cause, code, where: host, retryable, ...afterSending }
}

/** The proxy answered CONNECT: 407 wants credentials, a 5xx may pass, another 4xx is policy. */
function proxyAnswered(
  status: number,
  where: string,
  proxy: ProxyInUse | undefined
): ConnectionFailure {
  const cause = status === 407 ? 'proxy-auth' : status >= 500 ? 'proxy-gateway' : 'proxy-refused'
  const retryable = cause === 'proxy-gateway'
  return { cause, code: `proxy HTTP ${status}`, where, proxy, proxyStatus: status, retryable }
}

/** Node names where a failed connection was going: an address and port, or a host name. */
function isProxyAddress(error: unknown, proxy: ProxyInUse): boolean {
  const { address, port, hostname } = (error ?? {}) as Record<string, unknown>
  const target = new URL(proxy.address)
  const host = target.hostname.replace(/^\[|\]$/g, '')
  if (typeof hostname === 'string') return hostname === host
  return address === host && String(port) === portOf(target)
}

function portOf(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80')
}

function stringField(error: unknown, name: 'code' | 'hostname'): string | undefined {
  const value = (error as Record<string, unknown> | null)?.[name]
  return typeof value === 'string' ? value : undefined
}
