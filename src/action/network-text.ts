import { NetworkCause, NetworkFailure } from '../core/failure.js'
import { clip } from '../core/redact.js'
import type { Said } from './failure-text.js'

const NETWORK = "Check 'api-url' and the runner's network or proxy."

/** A connection that got no usable answer, in words: a table, one row a cause. */
export function networkSaid(n: NetworkFailure | undefined): Said {
  if (!n) return { cause: 'the connection failed', todo: NETWORK }
  const { code, where } = n
  const cert = `the TLS certificate of ${where}`
  const rows: Record<NetworkCause, [string, string]> = {
    ...proxyRows(n),
    'cert-host': [`${cert} is for another host (${code})`, "Check the host in 'api-url'."],
    'cert-expired': [
      `${cert} has expired (${code})`,
      "Check 'api-url'; if it is right, the server's owner must renew it."
    ],
    'cert-not-yet-valid': [`${cert} is not valid yet (${code})`, "Check the runner's clock."],
    'cert-untrusted': [
      `${cert} is not trusted (${code})`,
      "If your network inspects TLS, set NODE_EXTRA_CA_CERTS; otherwise check 'api-url'."
    ],
    'cert-rejected': [`${cert} was rejected (${code})`, "Check 'api-url'."],
    tls: [
      `the TLS connection to ${where} failed (${code})`,
      "Check that 'api-url' is an https address that speaks TLS."
    ],
    'not-http': [
      `${where} answered with something that is not HTTP (${code})`,
      "Check the scheme and port in 'api-url'."
    ],
    'request-build': [
      `the request could not be built (${code})`,
      'Please report this fault in the action.'
    ],
    dns: [
      `the host ${clip(where, 255)} could not be resolved${code === 'EAI_AGAIN' ? ' just now' : ''} (${code})`,
      "Check the host in 'api-url' and the runner's DNS."
    ],
    refused: [`${where} refused the connection (${code})`, NETWORK],
    reset: [`the connection to ${where} was reset (${code})`, NETWORK],
    unreachable: [`${where} could not be reached (${code})`, NETWORK],
    other: [`the connection to ${where} failed (${clip(code, 120)})`, NETWORK]
  }
  const [cause, todo] = rows[n.cause]
  return { cause, todo }
}

type ProxyCause = Extract<NetworkCause, `proxy-${string}`>

/** The proxy's rows: which proxy, from which variable; never its credentials. */
function proxyRows(n: NetworkFailure): Record<ProxyCause, [string, string]> {
  const { code, where } = n
  const proxy = n.proxy?.address
    ? `the proxy ${n.proxy.address} (${n.proxy.variable})`
    : 'the proxy'
  const variable = n.proxy?.variable ?? 'the proxy variable'
  return {
    'proxy-variable': [
      `${variable} is not a URL`,
      `Set ${variable} to the proxy's address, such as http://proxy:8080, or unset it.`
    ],
    'proxy-auth': [
      `${proxy} requires authentication (HTTP 407)`,
      n.proxy?.hasCredentials
        ? `Check the user name and password in ${variable}.`
        : `Give ${variable} as http://user:password@host:port, from a secret.`
    ],
    'proxy-gateway': [
      `${proxy} could not get through to ${where} (HTTP ${n.proxyStatus})`,
      'If it lasts, ask whoever runs the proxy.'
    ],
    'proxy-refused': [
      `${proxy} refused to connect to ${where} (HTTP ${n.proxyStatus})`,
      'Check that the proxy allows this host.'
    ],
    'proxy-unreachable': [
      `${proxy} could not be reached${code ? ` (${code})` : ''}`,
      `Check ${variable} and that the proxy is up.`
    ]
  }
}
