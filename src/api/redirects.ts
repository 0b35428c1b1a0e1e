import { RedirectRefusal } from '../core/failure.js'

/**
 * Redirects are followed here, not by http-client, which keeps the key on a redirect to the same
 * host on another port and fails on a relative Location. The key only ever goes to the origin
 * of `api-url`, so a redirect anywhere else is refused before any request is sent there.
 */

export const MAX_REDIRECTS = 3

export type Method = 'GET' | 'POST'

export interface Hop {
  method: Method
  url: URL
}

export type RedirectDecision =
  | { action: 'answer' }
  | { action: 'follow'; next: Hop }
  | { action: 'refuse'; refusal: RedirectRefusal }

const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308])

/**
 * What to do with an answer to `hop`: it is the answer, or a redirect to follow, or a redirect
 * to refuse. `followed` counts the redirects already followed for this request.
 */
export function decideRedirect(
  hop: Hop,
  statusCode: number,
  location: string | undefined,
  apiOrigin: string,
  followed: number
): RedirectDecision {
  // Without a Location there is nowhere to go: the 3xx itself is the answer.
  if (!REDIRECT_STATUS.has(statusCode) || !location?.trim()) return { action: 'answer' }
  let target: URL
  try {
    target = new URL(location.trim(), hop.url)
  } catch {
    return { action: 'refuse', refusal: { reason: 'bad-location' } }
  }
  target.hash = ''
  if (target.origin !== apiOrigin) {
    const origin = originOf(target)
    const reason =
      hop.url.protocol === 'https:' && target.protocol === 'http:' ? 'downgrade' : 'other-origin'
    return { action: 'refuse', refusal: { reason, origin, apiOrigin } }
  }
  if (followed >= MAX_REDIRECTS) {
    return { action: 'refuse', refusal: { reason: 'too-many' } }
  }
  // 303 always, and 301/302 after a POST, mean "read the result with a GET" (RFC 9110 §15.4).
  const method =
    statusCode === 303 || ((statusCode === 301 || statusCode === 302) && hop.method === 'POST')
      ? 'GET'
      : hop.method
  return { action: 'follow', next: { method, url: target } }
}

/** Schemes such as data: have no origin; name the scheme instead. */
function originOf(url: URL): string {
  return url.origin === 'null' ? `a ${url.protocol} URL` : url.origin
}
