import { ApiFailure, Failure, NetworkFailure, RedirectRefusal } from '../core/failure.js'
import { clip } from '../core/redact.js'
import { ACCEPTED_WORD } from './words.js'

/** A failed exchange in words: what happened, for which workflow, and what to do. */

const NETWORK_ADVICE = "Check 'api-url' and the runner's network or proxy."
const FIX_API_URL = "Fix 'api-url' to the address the API answers on."

const HINTS: Record<number, string> = {
  400: 'The API rejected the request as invalid.',
  401: "Check the 'api-key' secret: it is missing, mistyped or revoked.",
  403: "Check the key's permissions: it must be allowed to manage workflows in this workspace.",
  404: "Check 'workflow-id' and that the key belongs to the workflow's workspace.",
  422: 'The API found the request semantically invalid.',
  429: 'The API key hit its rate limit.'
}

/** How much of the server's message an error quotes. */
export const SERVER_MESSAGE_LENGTH = 200

/** The server's own words, redacted as they will be shown, then bounded. */
export const quote = (text: string, max = SERVER_MESSAGE_LENGTH): string => clip(text, max)

/**
 * `subject` names the workflow: by its ID, or "the workflow" where a title or prefix gives it.
 * `found`: the workflow was read earlier in the job, so a 404 means it is gone.
 */
export function describeFailure(f: Failure, subject: string, found = false): string {
  switch (f.kind) {
    case 'unexpected':
      return clip(f.message, 800)
    case 'network':
      return `Could not reach the DialNexa API for ${subject}: ${networkDetail(f.network)}`
    case 'redirect':
      return `Refused a redirect from the DialNexa API for ${subject}: ${redirectReason(f.redirect)}`
    case 'timeout':
      return f.cutByDeadline
        ? `The DialNexa API had not answered for ${subject} when the time left for the request ran out.`
        : `The DialNexa API did not answer in time for ${subject}. Raise 'request-timeout' if the API is slow.`
    case 'invalid-response': {
      const what = bodyText(f)
      return `The DialNexa API answered HTTP ${f.statusCode ?? '?'} for ${subject} without a JSON workflow record${what ? ` (${what})` : ''}. A proxy or load balancer may be answering instead of the API; check 'api-url'.`
    }
    case 'http': {
      const code = f.statusCode ?? 0
      const hint = hintFor(code, f, found)
      const body = bodyText(f)
      const said = f.serverMessage
        ? ` The API said: "${quote(f.serverMessage)}".`
        : body
          ? ` The answer was ${body}.`
          : ''
      return `DialNexa API returned HTTP ${code} for ${subject}.${said}${hint ? ` ${hint}` : ''}`
    }
  }
}

function hintFor(code: number, f: ApiFailure, found: boolean): string {
  // DialNexa answers 409 when the workflow's status does not accept the change.
  if (code === 409 && f.verb) return `The workflow is not ${ACCEPTED_WORD[f.verb]}.`
  if (code === 404 && found)
    return 'It was read earlier in this job, so it was most likely deleted since; check it in DialNexa.'
  // Not the API's own "workflow not found": the path itself was wrong, as without /v1.
  const own =
    /not found/i.test(f.serverMessage ?? '') && !/^Cannot [A-Z]+ /.test(f.serverMessage ?? '')
  if (code === 404 && !own)
    return "Check 'api-url' (it must include the API's version, such as /v1) and 'workflow-id'."
  return (
    HINTS[code] ??
    (code >= 500 ? 'The DialNexa API had a server error; run the step again later.' : '')
  )
}

function bodyText({ kind, body }: ApiFailure): string | undefined {
  if (!body) return undefined
  switch (body.shape) {
    case 'oversized':
      return kind === 'http'
        ? 'larger than 1 MiB, so it was not read'
        : 'an answer larger than 1 MiB'
    case 'empty':
      return 'empty body'
    case 'page':
      return kind === 'http'
        ? `a page of type ${clip(body.contentType, 60)}, not a DialNexa error`
        : `body of type ${clip(body.contentType, 60)}`
    case 'other-record':
      return `the record of another workflow, ${clip(body.id, 60)}`
    case 'no-status':
      return 'JSON without a workflow status'
  }
}

function redirectReason(r: RedirectRefusal | undefined): string {
  switch (r?.reason) {
    case undefined:
      return FIX_API_URL
    case 'bad-location':
      return `its Location is not a valid URL. ${FIX_API_URL}`
    case 'too-many':
      return `it would be redirect number 4 in a row, and at most 3 are followed. ${FIX_API_URL}`
    case 'downgrade':
      return `it goes from https to plain http (${clip(r.origin, 200)}), which would send the key unencrypted. No request was sent there, and none will be. ${FIX_API_URL}`
    case 'other-origin':
      return `it points to another origin, ${clip(r.origin, 200)}, and the key is only ever sent to the origin of 'api-url' (${r.apiOrigin}). No request was sent there, and none will be. ${FIX_API_URL}`
  }
}

/**
 * What one attempt ran into, as a short phrase without advice: "HTTP 429 (rate limited)",
 * "no answer in time", "the connection to … was reset (ECONNRESET)".
 */
export function describeAttempt(f: Failure | undefined): string {
  const code = f && 'statusCode' in f ? (f.statusCode ?? 0) : 0
  switch (f?.kind) {
    case undefined:
    case 'unexpected':
      return 'an unexpected error'
    case 'network':
      // The detail's first sentence says what happened; the rest is advice for the final error.
      return networkDetail(f.network)
        .split(/\. (?=[A-Z])/)[0]!
        .replace(/\.$/, '')
    case 'redirect':
      return `a refused redirect (HTTP ${code})`
    case 'timeout':
      return f.cutByDeadline ? 'no answer in the time left for it' : 'no answer in time'
    case 'invalid-response':
      return `HTTP ${code} without a workflow record`
    case 'http':
      if (code === 429) return 'HTTP 429 (rate limited)'
      return code >= 500 ? `HTTP ${code} (server error)` : `HTTP ${code}`
  }
}

/** Why a connection failed and what to do, from the cause the network table found. */
function networkDetail(n: NetworkFailure | undefined): string {
  if (!n) return `the connection failed. ${NETWORK_ADVICE}`
  const { cause, code, where } = n
  const proxy = n.proxy?.address
    ? `the proxy ${n.proxy.address} (from ${n.proxy.variable})`
    : 'the proxy'
  const variable = n.proxy?.variable ?? 'the proxy variable'
  switch (cause) {
    case 'proxy-variable':
      return `the proxy variable ${variable} does not hold a URL the runner's HTTP client can read. Set it to the proxy's address, such as http://proxy.example.com:8080, or unset it.`
    case 'proxy-auth':
      return `${proxy} requires authentication (HTTP 407): ${n.proxy?.hasCredentials ? `it rejected the user name and password in ${variable}; check them` : `give its user name and password in ${variable}, as http://user:password@host:port, from a secret`}. Retrying cannot help.`
    case 'proxy-gateway':
      return `${proxy} could not get through to ${where} (HTTP ${n.proxyStatus}): the API is down or out of the proxy's reach, or the proxy is overloaded. If it lasts, ask whoever runs the proxy.`
    case 'proxy-refused':
      return `${proxy} refused to connect to ${where} (HTTP ${n.proxyStatus}). Check that the proxy allows this host.`
    case 'proxy-unreachable':
      return `${proxy} could not be reached: ${PROXY_WHY[code] ?? (/^(ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ENETDOWN|EHOSTDOWN)$/.test(code) ? 'it did not answer' : 'the connection to it failed')}${code ? ` (${code})` : ''}. Check ${variable} and that the proxy is up.`
    case 'cert-host':
      return `the TLS certificate of ${where} is for another host name (${code}). Check the host in 'api-url'.`
    case 'cert-expired':
      return `the TLS certificate of ${where} has expired (${code}). Whoever runs that server must renew it; if it is not the DialNexa API, fix 'api-url'.`
    case 'cert-not-yet-valid':
      return `the TLS certificate of ${where} is not valid yet (${code}). Check the runner's clock.`
    case 'cert-untrusted':
      return `the TLS certificate of ${where} is not trusted: it is self-signed or issued by an unknown authority (${code}). If your network inspects TLS, give the runner that authority's certificate with NODE_EXTRA_CA_CERTS; otherwise check 'api-url'.`
    case 'cert-rejected':
      return `the TLS certificate of ${where} was rejected (${code}). Check 'api-url'.`
    case 'tls':
      return `the secure (TLS) connection to ${where} could not be set up (${code}). Check that 'api-url' names an https address that speaks TLS.`
    case 'not-http':
      return `${where} answered with something that is not HTTP (${code}). Check that 'api-url' names the DialNexa API, with the right scheme (https) and port.`
    case 'request-build':
      return `the request could not be built (${code}); this is a fault in the action, please report it.`
    case 'dns':
      return `the host name ${clip(where, 255)} could not be resolved${code === 'EAI_AGAIN' ? ' just now' : ''} (${code}). Check the host in 'api-url' and the runner's DNS.`
    case 'refused':
      return `${where} refused the connection (${code}). ${NETWORK_ADVICE}`
    case 'reset':
      return `the connection to ${where} was reset (${code}). ${NETWORK_ADVICE}`
    case 'unreachable':
      return `${where} could not be reached (${code}). ${NETWORK_ADVICE}`
    case 'other':
      return `the connection to ${where} failed (${clip(code, 120)}). ${NETWORK_ADVICE}`
  }
}

const PROXY_WHY: Record<string, string> = {
  ECONNREFUSED: 'it refused the connection, so nothing is listening at that address',
  ENOTFOUND: 'its host name could not be resolved',
  EAI_AGAIN: 'its host name could not be resolved',
  ECONNRESET: 'it closed the connection'
}
