import { NetworkCause, NetworkFailure } from '../core/failure.js'
import { clip } from '../core/redact.js'
import type { Said } from './failure-text.js'

/** A connection that got no usable answer, in words: a table from its cause to what to do. */

export const NETWORK = "Check 'api-url' and the runner's network or proxy."
const API_URL = "Check 'api-url'."

/** Network cause → what happened and what to do: a table, one row a cause. */
export function networkSaid(n: NetworkFailure | undefined): Said {
  if (!n) return { cause: 'the connection failed', todo: NETWORK }
  const { code, where } = n
  const cert = `the TLS certificate of ${where}`
  const rows: Record<Exclude<NetworkFailure['cause'], `proxy-${string}`>, [string, string]> = {
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
    'cert-rejected': [`${cert} was rejected (${code})`, API_URL],
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
  const [cause, todo] = isProxyCause(n.cause) ? proxyRow(n, n.cause) : rows[n.cause]
  return { cause, todo }
}

type ProxyCause = Extract<NetworkCause, `proxy-${string}`>
const isProxyCause = (cause: NetworkCause): cause is ProxyCause => cause.startsWith('proxy-')

/** The proxy's part of the table: which proxy, from which variable; never its credentials. */
function proxyRow(n: NetworkFailure, cause: ProxyCause): [string, string] {
  const { code, where } = n
  const proxy = n.proxy?.address
    ? `the proxy ${n.proxy.address} (${n.proxy.variable})`
    : 'the proxy'
  const variable = n.proxy?.variable ?? 'the proxy variable'
  switch (cause) {
    case 'proxy-variable':
      return [
        `${variable} is not a URL`,
        `Set ${variable} to the proxy's address, such as http://proxy:8080, or unset it.`
      ]
    case 'proxy-auth':
      return [
        `${proxy} requires authentication (HTTP 407)`,
        n.proxy?.hasCredentials
          ? `Check the user name and password in ${variable}.`
          : `Give ${variable} as http://user:password@host:port, from a secret.`
      ]
    case 'proxy-gateway':
      return [
        `${proxy} could not get through to ${where} (HTTP ${n.proxyStatus})`,
        'If it lasts, ask whoever runs the proxy.'
      ]
    case 'proxy-refused':
      return [
        `${proxy} refused to connect to ${where} (HTTP ${n.proxyStatus})`,
        'Check that the proxy allows this host.'
      ]
    case 'proxy-unreachable':
      return [
        `${proxy} could not be reached${code ? ` (${code})` : ''}`,
        `Check ${variable} and that the proxy is up.`
      ]
  }
}
