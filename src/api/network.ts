import { proxyFor, ProxyInUse, unreadableProxyVariable } from './proxy-variables.js'
import { clip } from '../core/redact.js'

/**
 * Turns a request that got no answer into one plain sentence that names the real cause and
 * what to do, and says whether another attempt could help.
 */

export interface ConnectionFailure {
  /** A sentence fragment that follows "Could not reach the DialNexa API for workflow X: ". */
  detail: string
  /** A short label for the debug line, e.g. ECONNREFUSED or "proxy HTTP 407". */
  label: string
  retryable: boolean
  /**
   * The request had left and something answered (garbled): unlike a refused connection or a
   * failed TLS handshake, the server may have acted on it.
   */
  afterSending?: boolean
}

const NETWORK_ADVICE = "Check 'api-url' and the runner's network or proxy."

// Certificate checks that fail the same way every time (OpenSSL's X509_V_ERR_* names).
const UNTRUSTED_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
  'INVALID_CA'
])
const CERTIFICATE_CODE =
  /^(CERT_|CRL_|UNABLE_TO_|ERROR_IN_CERT|INVALID_PURPOSE|PATH_LENGTH_EXCEEDED|HOSTNAME_MISMATCH)/
const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|EPROTO$)/
// Thrown by Node while building the request, before anything is sent: a retry builds it again.
const REQUEST_BUILD_CODE =
  /^(ERR_INVALID_CHAR|ERR_INVALID_HTTP_TOKEN|ERR_UNESCAPED_CHARACTERS|ERR_INVALID_URL)$/
// Node's HTTP parser: the server spoke, but not HTTP (another service, or TLS to an http URL).
const HTTP_PARSE_CODE = /^HPE_/
const UNREACHABLE_CODE = /^(ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ENETDOWN|EHOSTDOWN)$/
// @actions/http-client tunnels https through a proxy with `tunnel`, which reports every
// CONNECT failure as ECONNRESET and keeps the real cause only in its message.
const TUNNEL_STATUS = /^tunneling socket could not be established, statusCode=(\d+)/
const TUNNEL_CAUSE = /^tunneling socket could not be established, cause=(.*)$/s

export function describeConnectionFailure(error: unknown, url: URL): ConnectionFailure {
  // http-client throws a bare "Invalid URL" for it before any connection, on every attempt.
  const unreadable = unreadableProxyVariable(url)
  if (unreadable) {
    return final(
      `${unreadable} is not a URL`,
      `the proxy variable ${unreadable} does not hold a URL the runner's HTTP client can read. Set it to the proxy's address, such as http://proxy.example.com:8080, or unset it.`
    )
  }
  const code = errorCode(error)
  const message = error instanceof Error ? error.message : String(error)
  const where = hostAndPort(url)
  const proxy = proxyFor(url)

  const tunnelStatus = TUNNEL_STATUS.exec(message)
  if (tunnelStatus) return proxyAnswered(Number(tunnelStatus[1]), where, proxy)
  const tunnelCause = TUNNEL_CAUSE.exec(message)
  if (tunnelCause) return proxyUnreachable(SYSTEM_CODE.exec(tunnelCause[1] ?? '')?.[1], proxy)
  // Without a tunnel (an http URL), the connection is to the proxy: its failure is the proxy's.
  if (proxy && CONNECT_CODE.test(code) && isProxyAddress(error, proxy)) {
    return proxyUnreachable(code, proxy)
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') {
    return final(
      code,
      `the TLS certificate of ${where} is for another host name (${code}). Check the host in 'api-url'.`
    )
  }
  if (code === 'CERT_HAS_EXPIRED') {
    return final(
      code,
      `the TLS certificate of ${where} has expired (${code}). Whoever runs that server must renew it; if it is not the DialNexa API, fix 'api-url'.`
    )
  }
  if (code === 'CERT_NOT_YET_VALID') {
    return final(
      code,
      `the TLS certificate of ${where} is not valid yet (${code}). Check the runner's clock.`
    )
  }
  if (UNTRUSTED_CERTIFICATE.has(code)) {
    return final(
      code,
      `the TLS certificate of ${where} is not trusted: it is self-signed or issued by an unknown authority (${code}). If your network inspects TLS, give the runner that authority's certificate with NODE_EXTRA_CA_CERTS; otherwise check 'api-url'.`
    )
  }
  if (CERTIFICATE_CODE.test(code)) {
    return final(code, `the TLS certificate of ${where} was rejected (${code}). Check 'api-url'.`)
  }
  if (TLS_CODE.test(code)) {
    return final(
      code,
      `the secure (TLS) connection to ${where} could not be set up (${code}). Check that 'api-url' names an https address that speaks TLS.`
    )
  }
  if (HTTP_PARSE_CODE.test(code)) {
    return {
      ...final(
        code,
        `${where} answered with something that is not HTTP (${code}). Check that 'api-url' names the DialNexa API, with the right scheme (https) and port.`
      ),
      afterSending: true
    }
  }
  if (REQUEST_BUILD_CODE.test(code)) {
    return final(
      code,
      `the request could not be built (${code}); this is a fault in the action, please report it.`
    )
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const host = hostnameOf(error) ?? url.hostname
    const when = code === 'EAI_AGAIN' ? ' just now' : ''
    return {
      detail: `the host name ${clip(host, 255)} could not be resolved${when} (${code}). Check the host in 'api-url' and the runner's DNS.`,
      label: code,
      retryable: true
    }
  }
  if (code === 'ECONNREFUSED') {
    return {
      detail: `${where} refused the connection (${code}). ${NETWORK_ADVICE}`,
      label: code,
      retryable: true
    }
  }
  if (code === 'ECONNRESET') {
    return {
      detail: `the connection to ${where} was reset (${code}). ${NETWORK_ADVICE}`,
      label: code,
      retryable: true
    }
  }
  if (UNREACHABLE_CODE.test(code)) {
    return {
      detail: `${where} could not be reached (${code}). ${NETWORK_ADVICE}`,
      label: code,
      retryable: true
    }
  }
  const cause = code || clip(message, 120) || 'connection failed'
  return {
    detail: `the connection to ${where} failed (${cause}). ${NETWORK_ADVICE}`,
    label: code || 'failed',
    retryable: true
  }
}

function proxyAnswered(
  status: number,
  where: string,
  proxy: ProxyInUse | undefined
): ConnectionFailure {
  const from = proxy ? `the proxy ${proxy.address} (from ${proxy.variable})` : 'the proxy'
  const variable = proxy?.variable ?? 'the proxy variable'
  if (status === 407) {
    const fix = proxy?.hasCredentials
      ? `it rejected the user name and password in ${variable}; check them`
      : `give its user name and password in ${variable}, as http://user:password@host:port, from a secret`
    return {
      detail: `${from} requires authentication (HTTP 407): ${fix}. Retrying cannot help.`,
      label: 'proxy HTTP 407',
      retryable: false
    }
  }
  // A 5xx is the proxy failing to get through (or overloaded), and may pass; a 4xx is its policy.
  if (status >= 500) {
    return {
      detail: `${from} could not get through to ${where} (HTTP ${status}): the API is down or out of the proxy's reach, or the proxy is overloaded. If it lasts, ask whoever runs the proxy.`,
      label: `proxy HTTP ${status}`,
      retryable: true
    }
  }
  return {
    detail: `${from} refused to connect to ${where} (HTTP ${status}). Check that the proxy allows this host.`,
    label: `proxy HTTP ${status}`,
    retryable: false
  }
}

// A system error code inside a message, e.g. "connect ECONNREFUSED 127.0.0.1:1".
const SYSTEM_CODE = /\b(E[A-Z]{3,}|EAI_AGAIN)\b/
// Failures to open a connection, as opposed to failures of one that was open.
const CONNECT_CODE = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)$/

/** The proxy's failure in plain words: which proxy, from which variable; never its credentials. */
function proxyUnreachable(
  code: string | undefined,
  proxy: ProxyInUse | undefined
): ConnectionFailure {
  const which = proxy ? `the proxy ${proxy.address} (from ${proxy.variable})` : 'the proxy'
  const variable = proxy?.variable ?? 'the proxy variable'
  const why =
    code === 'ECONNREFUSED'
      ? 'it refused the connection, so nothing is listening at that address'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'its host name could not be resolved'
        : code === 'ECONNRESET'
          ? 'it closed the connection'
          : code === 'ETIMEDOUT' || (code !== undefined && UNREACHABLE_CODE.test(code))
            ? 'it did not answer'
            : 'the connection to it failed'
  return {
    detail: `${which} could not be reached: ${why}${code ? ` (${code})` : ''}. Check ${variable} and that the proxy is up.`,
    label: `proxy unreachable${code ? ` (${code})` : ''}`,
    retryable: true
  }
}

/** Node names where a failed connection was going: an address and port, or a host name. */
function isProxyAddress(error: unknown, proxy: ProxyInUse): boolean {
  const { address, port, hostname } = (error ?? {}) as Record<string, unknown>
  const target = new URL(proxy.address)
  const proxyPort = target.port || (target.protocol === 'https:' ? '443' : '80')
  const host = target.hostname.replace(/^\[|\]$/g, '')
  if (typeof hostname === 'string') return hostname === host
  return address === host && String(port) === proxyPort
}

function final(code: string, detail: string): ConnectionFailure {
  return { detail, label: code, retryable: false }
}

function hostAndPort(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  return `${url.hostname}:${port}`
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : ''
}

function hostnameOf(error: unknown): string | undefined {
  const hostname = (error as { hostname?: unknown } | null)?.hostname
  return typeof hostname === 'string' ? hostname : undefined
}
