import { NetworkCause, NetworkFailure } from '../core/failure.js'
import { clip } from '../core/redact.js'
import type { Said } from './failure-text.js'

const NETWORK = "Check 'api-url' and the runner's network or proxy."

/** A connection that got no usable answer, in words: a table, one row a cause. */
export function networkSaid(n: NetworkFailure | undefined): Said {
  if (!n) return { cause: 'the connection failed', todo: NETWORK }
  const { code, where, proxyStatus } = n
  const cert = `the TLS certificate of ${where}`
  // Which proxy, from which variable; never its credentials.
  const proxy = n.proxy?.address
    ? `the proxy ${n.proxy.address} (${n.proxy.variable})`
    : 'the proxy'
  const variable = n.proxy?.variable ?? 'the proxy variable'
  const causes: Record<NetworkCause, string> = {
    'proxy-variable': `${variable} is not a URL`,
    'proxy-auth': `${proxy} requires authentication (HTTP 407)`,
    'proxy-gateway': `${proxy} could not get through to ${where} (HTTP ${proxyStatus})`,
    'proxy-refused': `${proxy} refused to connect to ${where} (HTTP ${proxyStatus})`,
    'proxy-unreachable': `${proxy} could not be reached${code ? ` (${code})` : ''}`,
    'cert-host': `${cert} is for another host (${code})`,
    'cert-expired': `${cert} has expired (${code})`,
    'cert-not-yet-valid': `${cert} is not valid yet (${code})`,
    'cert-untrusted': `${cert} is not trusted (${code})`,
    'cert-rejected': `${cert} was rejected (${code})`,
    tls: `the TLS connection to ${where} failed (${code})`,
    'not-http': `${where} answered with something that is not HTTP (${code})`,
    'request-build': `the request could not be built (${code})`,
    dns: `the host ${clip(where, 255)} could not be resolved${code === 'EAI_AGAIN' ? ' just now' : ''} (${code})`,
    refused: `${where} refused the connection (${code})`,
    reset: `the connection to ${where} was reset (${code})`,
    unreachable: `${where} could not be reached (${code})`,
    other: `the connection to ${where} failed (${clip(code, 120)})`
  }
  const todos: Partial<Record<NetworkCause, string>> = {
    'proxy-variable': `Set ${variable} to the proxy's address, such as http://proxy:8080, or unset it.`,
    'proxy-auth': n.proxy?.hasCredentials
      ? `Check the user name and password in ${variable}.`
      : `Give ${variable} as http://user:password@host:port, from a secret.`,
    'proxy-gateway': 'If it lasts, ask whoever runs the proxy.',
    'proxy-refused': 'Check that the proxy allows this host.',
    'proxy-unreachable': `Check ${variable} and that the proxy is up.`,
    'cert-host': "Check the host in 'api-url'.",
    'cert-expired': "Check 'api-url'; if it is right, the server's owner must renew it.",
    'cert-not-yet-valid': "Check the runner's clock.",
    'cert-untrusted':
      "If your network inspects TLS, set NODE_EXTRA_CA_CERTS; otherwise check 'api-url'.",
    'cert-rejected': "Check 'api-url'.",
    tls: "Check that 'api-url' is an https address that speaks TLS.",
    'not-http': "Check the scheme and port in 'api-url'.",
    'request-build': 'Please report this fault in the action.',
    dns: "Check the host in 'api-url' and the runner's DNS."
  }
  return { cause: causes[n.cause], todo: todos[n.cause] ?? NETWORK }
}
