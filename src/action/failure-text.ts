import { ApiFailure, Failure, RedirectRefusal } from '../core/failure.js'
import { clip } from '../core/redact.js'
import { networkSaid } from './network-text.js'

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
