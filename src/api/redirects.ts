import { RedirectRefusal } from '../core/failure.js'

// Followed here, not by http-client, which keeps the key on a redirect to another port and fails
// on a relative Location. The key only ever goes to the origin of `api-url`.

export const MAX_REDIRECTS = 3

export type Hop = { method: 'GET' | 'POST'; url: URL }

export type RedirectDecision =
  | { action: 'answer' }
  | { action: 'follow'; next: Hop }
  | { action: 'refuse'; refusal: RedirectRefusal }

const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308])

/** `followed` counts the redirects already followed for this request. */
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
    // Schemes such as data: have no origin; name the scheme instead.
    const origin = target.origin === 'null' ? `a ${target.protocol} URL` : target.origin
    const reason =
      hop.url.protocol === 'https:' && target.protocol === 'http:' ? 'downgrade' : 'other-origin'
    return { action: 'refuse', refusal: { reason, origin, apiOrigin } }
  }
  if (followed >= MAX_REDIRECTS) return { action: 'refuse', refusal: { reason: 'too-many' } }
  // 303 always, and 301/302 after a POST, mean "read the result with a GET" (RFC 9110 §15.4).
  const readBack =
    statusCode === 303 || ((statusCode === 301 || statusCode === 302) && hop.method === 'POST')
  return { action: 'follow', next: { method: readBack ? 'GET' : hop.method, url: target } }
}
