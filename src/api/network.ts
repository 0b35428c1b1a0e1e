import { getProxyUrl } from '@actions/http-client'
import { NetworkCause, NetworkFailure } from '../core/failure.js'

type ProxyInUse = NonNullable<NetworkFailure['proxy']>

type ConnectionFailure = NetworkFailure & { retryable: boolean; afterSending?: boolean }

/** Error code → cause: the first that matches wins. */
const CAUSES: Partial<Record<NetworkCause, RegExp>> = {
  'cert-host': /^(ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)$/,
  'cert-expired': /^CERT_HAS_EXPIRED$/,
  'cert-not-yet-valid': /^CERT_NOT_YET_VALID$/,
  'cert-untrusted':
    /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT_UNTRUSTED|INVALID_CA)$/,
  'cert-rejected': /^(CERT_|CRL_|UNABLE_TO_|ERROR_IN_CERT|INVALID_PURPOSE|PATH_LENGTH_EXCEEDED)/,
  tls: /^(ERR_SSL_|ERR_TLS_|EPROTO$)/,
  // Node's HTTP parser: the server spoke, but not HTTP (another service, or TLS to an http URL).
  'not-http': /^HPE_/,
  // Thrown while building the request, before anything is sent.
  'request-build':
    /^(ERR_INVALID_CHAR|ERR_INVALID_HTTP_TOKEN|ERR_UNESCAPED_CHARACTERS|ERR_INVALID_URL)$/,
  dns: /^(ENOTFOUND|EAI_AGAIN)$/,
  refused: /^ECONNREFUSED$/,
  reset: /^ECONNRESET$/,
  unreachable: /^(ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ENETDOWN|EHOSTDOWN)$/
}

/** Where another attempt can help; with a certificate, TLS, or a garbled answer it cannot. */
const RETRYABLE = new Set<NetworkCause>(['dns', 'refused', 'reset', 'unreachable'])

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
  if (readProxyUrl(url) === undefined) {
    const proxy = { variable: proxyVariable(url), address: '', hasCredentials: false }
    const code = `${proxy.variable} is not a URL`
    return { cause: 'proxy-variable', code, where, proxy, retryable: false }
  }
  const fields = (error ?? {}) as Record<string, unknown>
  const code = typeof fields.code === 'string' ? fields.code : ''
  const message = error instanceof Error ? error.message : String(error)
  const proxy = proxyFor(url)
  const tunnelStatus = TUNNEL_STATUS.exec(message)
  if (tunnelStatus) {
    // The proxy answered CONNECT: 407 wants credentials, a 5xx may pass, another 4xx is policy.
    const status = Number(tunnelStatus[1])
    const cause = status === 407 ? 'proxy-auth' : status >= 500 ? 'proxy-gateway' : 'proxy-refused'
    const retryable = cause === 'proxy-gateway'
    return { cause, code: `proxy HTTP ${status}`, where, proxy, proxyStatus: status, retryable }
  }
  const tunnelCause = TUNNEL_CAUSE.exec(message)
  // Without a tunnel (an http URL), the connection is to the proxy: its failure is the proxy's.
  if (tunnelCause || (proxy && CONNECT_CODE.test(code) && isProxyAddress(fields, proxy))) {
    const systemCode = tunnelCause ? (SYSTEM_CODE.exec(tunnelCause[1] ?? '')?.[1] ?? '') : code
    return { cause: 'proxy-unreachable', code: systemCode, where, proxy, retryable: true }
  }
  const cause = (Object.keys(CAUSES) as NetworkCause[]).find(key => CAUSES[key]!.test(code))
  if (!cause) {
    const other = code || message.slice(0, 120) || 'connection failed'
    return { cause: 'other', code: other, where, retryable: true }
  }
  const dnsHost = typeof fields.hostname === 'string' ? fields.hostname : url.hostname
  const afterSending = cause === 'not-http' ? { afterSending: true } : {}
  const retryable = RETRYABLE.has(cause)
  return { cause, code, where: cause === 'dns' ? dnsHost : where, retryable, ...afterSending }
}

/** Node names where a failed connection was going: an address and port, or a host name. */
function isProxyAddress(fields: Record<string, unknown>, proxy: ProxyInUse): boolean {
  const target = new URL(proxy.address)
  const host = target.hostname.replace(/^\[|\]$/g, '')
  if (typeof fields.hostname === 'string') return fields.hostname === host
  return fields.address === host && String(fields.port) === portOf(target)
}

const portOf = (url: URL): string => url.port || (url.protocol === 'https:' ? '443' : '80')

/** The proxy http-client uses for `url`, as it reads it (scheme, host and port), if any. */
export function proxyFor(url: URL): ProxyInUse | undefined {
  const href = readProxyUrl(url)
  if (!href) return undefined
  const proxy = new URL(href)
  const address = `${proxy.protocol}//${proxy.host}`
  const hasCredentials = proxy.username !== '' || proxy.password !== ''
  return { variable: proxyVariable(url), address, hasCredentials }
}

/** The variable http-client takes the proxy for `url` from: the lower-case one first. */
function proxyVariable(url: URL): string {
  const names =
    url.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY']
  return names.find(name => process.env[name]) ?? names[1]!
}

/** '' without a proxy; undefined when http-client cannot read the variable as a URL. */
function readProxyUrl(url: URL): string | undefined {
  try {
    return getProxyUrl(url.href)
  } catch {
    return undefined
  }
}
