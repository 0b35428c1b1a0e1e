import { ApiFailure, Failure, RedirectRefusal } from '../core/failure.js'
import type { NetworkCause, NetworkFailure } from '../core/failure.js'
import { clip } from '../core/redact.js'

/** A failed exchange in words: what happened (a cause), and what to do (the input to change). */
export interface Said {
  /** A phrase that completes "…: ", e.g. `the DialNexa API answered HTTP 404 ("…")`. */
  cause: string
  todo: string
}

/** The server's own words, redacted as they will be shown, then kept short. */
export const quote = (text: string, max = 80): string => `"${clip(text, max)}"`

const HTTP_TODO: Record<number, string> = {
  400: 'Check the workflow in DialNexa.',
  401: "Check the 'api-key' secret: it is missing, mistyped or revoked.",
  403: 'Check that the key may manage workflows in this workspace.',
  404: "Check 'workflow-id' and that the key belongs to the workflow's workspace.",
  409: 'Check it in DialNexa before running the step again.',
  422: 'Check the workflow in DialNexa.',
  429: "Run the step later, or raise 'max-retries'."
}

/** `found`: the workflow was read earlier in the job, so a 404 means it is gone. */
export function describeFailure(f: Failure, found = false): Said {
  switch (f.kind) {
    case 'unexpected':
      return { cause: clip(f.message, 200), todo: 'Please report this with the debug log.' }
    case 'network':
      return networkSaid(f.network)
    case 'redirect':
      return {
        cause: `the DialNexa API answered with ${redirectText(f.redirect)}, which was refused to keep the key safe`,
        todo: "Check 'api-url'."
      }
    case 'timeout': {
      const [cause, input] = f.cutByDeadline
        ? ['no answer came before the time left ran out', 'wait-timeout']
        : ['the DialNexa API did not answer in time', 'request-timeout']
      return { cause, todo: `Raise '${input}' if the API is slow.` }
    }
    case 'invalid-response':
      return {
        cause: `the DialNexa API answered HTTP ${f.statusCode ?? '?'} without a workflow record (${bodyText(f)})`,
        todo: "Check 'api-url'. A proxy may be answering instead of the API."
      }
    case 'http':
      return httpSaid(f, found)
  }
}

const REDIRECT: Record<RedirectRefusal['reason'], string> = {
  'too-many': 'more than 3 redirects',
  'bad-location': 'a redirect without a valid Location',
  downgrade: 'a redirect to plain http',
  'other-origin': 'a redirect to another origin'
}
const redirectText = (r: RedirectRefusal | undefined): string =>
  r ? `${REDIRECT[r.reason]}${'origin' in r ? ` (${clip(r.origin, 100)})` : ''}` : 'a redirect'

function httpSaid(f: ApiFailure, found: boolean): Said {
  const code = f.statusCode ?? 0
  const said = f.serverMessage ? ` (${quote(f.serverMessage)})` : f.body ? ` (${bodyText(f)})` : ''
  // A route's 404 ("Cannot POST …", a page) means the path was wrong, as without /v1; after
  // a read found the workflow, any other 404 means it is gone; only the API's own "workflow …
  // not found" points at the ID.
  const message = f.serverMessage ?? ''
  const route = /^Cannot [A-Z]+ /.test(message) || f.body?.shape === 'page'
  const own = /workflow/i.test(message) && /not found/i.test(message)
  const todo =
    code === 404 && !route && found
      ? 'It was most likely deleted; check it in DialNexa.'
      : code === 404 && (route || !own)
        ? "Check 'api-url' (it must end in the version, such as /v1) and 'workflow-id'."
        : (HTTP_TODO[code] ?? (code >= 500 ? 'Run the step again later.' : 'Check it in DialNexa.'))
  return { cause: `the DialNexa API answered HTTP ${code}${said}`, todo }
}

function bodyText({ kind, body }: ApiFailure): string {
  switch (body?.shape) {
    case undefined:
      return 'no body'
    case 'oversized':
      return 'an answer over 1 MiB'
    case 'empty':
      return 'an empty body'
    case 'page':
      return `a page of type ${clip(body.contentType, 60)}${kind === 'http' ? ', not a DialNexa error' : ''}`
    case 'other-record':
      return `the record of another workflow, ${clip(body.id, 60)}`
    case 'no-status':
      return 'JSON without a workflow status'
  }
}

/** What one attempt ran into, short: "HTTP 429 (rate limited)", "no answer in time". */
export function describeAttempt(f: Failure | undefined): string {
  const code = f && 'statusCode' in f ? (f.statusCode ?? 0) : 0
  switch (f?.kind) {
    case undefined:
    case 'unexpected':
      return 'an unexpected error'
    case 'network':
      return networkSaid(f.network).cause
    case 'redirect':
      return `a refused redirect (HTTP ${code})`
    case 'timeout':
      return f.cutByDeadline ? 'no answer in the time left for it' : 'no answer in time'
    case 'invalid-response':
      return `HTTP ${code} without a workflow record`
    case 'http':
      return code === 429
        ? 'HTTP 429 (rate limited)'
        : code >= 500
          ? `HTTP ${code} (server error)`
          : `HTTP ${code}`
  }
}

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
