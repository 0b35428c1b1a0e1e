import { clip, holdsSecret } from '../core/redact.js'

export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string
  ) {
    super(`Input '${input}' ${message}`)
    this.name = 'InputError'
  }
}

/** More IDs than this belong in matrix jobs: outputs, annotations and the summary stay bounded. */
export const MAX_WORKFLOW_IDS = 100
const URL_FORM = 'must be an absolute https URL such as https://api.dialnexa.com/v1'

/** Characters a reader cannot see: format, zero-width and odd spaces, and blank letters. */
const INVISIBLE =
  '\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\u115f\\u1160\\u2800\\u3164\\uffa0'
export const HIDDEN = new RegExp(`[\\p{Cf}${INVISIBLE}]`, 'u')
const ESCAPED = new RegExp(`[\\p{Cc}\\p{Cs}\\p{Cf}${INVISIBLE}]`, 'gu')

/** A bad value quoted back: redacted (it may be the key), hidden characters escaped. */
export function quoteInput(value: string): string {
  const escaped = value.replace(ESCAPED, char => {
    const code = char.codePointAt(0)!
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`
  })
  return clip(escaped, 40)
}

export function parseWorkflowIds(value: string): string[] {
  const ids = [...new Set(value.split(/[\n,]/).map(id => id.trim()))].filter(id => id !== '')
  const bad = ids.find(id => !/^[A-Za-z0-9_-]{1,128}$/.test(id))
  const max = MAX_WORKFLOW_IDS
  const refusal = [
    ids.length > max &&
      `lists ${ids.length} workflow IDs; one step takes at most ${max}. Split the list across matrix jobs, ${max} or fewer IDs per job (see "Many workflows" in the README).`,
    ids.length === 0 &&
      'is required: give one workflow ID, e.g. wfl_m3v7zb9rk2px, or several separated by newlines or commas.',
    // A key's shapes (IDs never hold ':'): it would go into the URL path, so it is never quoted.
    ids.some(id => /^(bearer\s+)?dnx_(live|test)_|:/i.test(id) || holdsSecret(id)) &&
      "holds what looks like a DialNexa API key; put the key in 'api-key' and the workflow's ID here.",
    // Anything beyond [A-Za-z0-9_-] could change the request.
    bad !== undefined &&
      `must be 1 to 128 characters from A-Z, a-z, 0-9, "_" and "-" per ID, e.g. wfl_m3v7zb9rk2px; "${quoteInput(bad)}" is not.`
  ].find(text => text !== false)
  if (refusal) throw new InputError('workflow-id', refusal)
  return ids
}

export function parseApiUrl(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined
  const host = url?.hostname ?? ''
  const loopback = host === 'localhost' || /^127(\.\d{1,3}){3}$/.test(host)
  const refusal = [
    // The URL parser drops tabs and line breaks and encodes spaces: the request would go elsewhere.
    /[\s\p{Cc}]/u.test(value) && `${URL_FORM}, without spaces, tabs or line breaks.`,
    // The key in the path would go out in every request's URL.
    holdsSecret(value) && "holds the API key; give the API's address only.",
    !url && `${URL_FORM}.`,
    // A bare "?", "#" or "@" parses to an empty part, yet still changes what is sent.
    (url?.username || url?.password || /[?#]|^[a-z][a-z0-9+.-]*:\/*[^/]*@/i.test(value)) &&
      `${URL_FORM}, without credentials, query or fragment.`,
    // http-client hands a bracketed IPv6 host to DNS, so every request would fail later.
    host.startsWith('[') &&
      `${URL_FORM}; an IPv6 address such as [::1] is not supported: use a host name, or localhost for this machine.`,
    // The key travels in a header: clear text is acceptable only on this machine.
    url?.protocol === 'http:' &&
      !loopback &&
      `${URL_FORM}; plain http is allowed only for localhost and 127.0.0.0/8.`,
    !/^https?:$/.test(url?.protocol ?? 'http:') && `${URL_FORM}.`
  ].find(text => text)
  if (refusal) throw new InputError('api-url', refusal)
  return url!.href.replace(/\/+$/, '')
}
