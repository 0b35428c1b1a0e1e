import { MAX_SECRET_LENGTH, MIN_SECRET_FORM_LENGTH, secretPart } from '../core/secret-forms.js'
import { clip } from '../core/redact.js'

/** The rules of each input: its accepted form, its bounds and default, and the error naming it. */

export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string
  ) {
    super(`Input '${input}' ${message}`)
    this.name = 'InputError'
  }
}

export const DEFAULTS = {
  'api-url': 'https://api.dialnexa.com/v1',
  'wait-for-paused': 'false',
  'poll-interval': '10',
  'wait-timeout': '600',
  'ignore-conflict': 'false',
  'max-retries': '3',
  'request-timeout': '30',
  'max-parallel': '4'
} as const

export const MAX_RETRIES_CAP = 10
export const MAX_PARALLEL_CAP = 20
/** More IDs than this belong in matrix jobs: outputs, annotations and the summary stay bounded. */
export const MAX_WORKFLOW_IDS = 100

/** setTimeout fires at once for anything longer than this, so no timer may ask for more. */
export const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * Every input that is a duration, with the longest value that fits a job: a GitHub-hosted job
 * ends after 6 hours. Each bound is far below the timer limit, so no timer can overflow.
 */
export const TIME_INPUTS = {
  'poll-interval': { allowZero: false, maxSeconds: 3600, maxText: '1 hour' },
  'wait-timeout': { allowZero: true, maxSeconds: 21_600, maxText: '6 hours' },
  'request-timeout': { allowZero: false, maxSeconds: 300, maxText: '5 minutes' }
} as const

export type TimeInput = keyof typeof TIME_INPUTS
const WORKFLOW_ID = /^[A-Za-z0-9_-]{1,128}$/
/** Shorter than any real key, and long enough that masking it cannot blot out ordinary words. */
export const MIN_API_KEY_LENGTH = 16
/** Far longer than any DialNexa key; the gate builds its redaction from the key up to this. */
export const MAX_API_KEY_LENGTH = MAX_SECRET_LENGTH
// Visible ASCII (RFC 5234 VCHAR): what a bearer token may hold and a header may carry as is.
const API_KEY = /^[\x21-\x7e]+$/

/** One ID, or several separated by newlines or commas; blanks are dropped, repeats count once. */
export function parseWorkflowIds(value: string): string[] {
  const ids = [...new Set(value.split(/[\n,]/).map(id => id.trim()))].filter(id => id !== '')
  if (ids.length > MAX_WORKFLOW_IDS) {
    throw new InputError(
      'workflow-id',
      `lists ${ids.length} workflow IDs; one step takes at most ${MAX_WORKFLOW_IDS}. Split the list across matrix jobs, ${MAX_WORKFLOW_IDS} or fewer IDs per job (see "Many workflows" in the README).`
    )
  }
  if (ids.length === 0) {
    throw new InputError(
      'workflow-id',
      'is required: give one workflow ID, e.g. wfl_m3v7zb9rk2px, or several separated by newlines or commas.'
    )
  }
  for (const id of ids) {
    // Each ID goes into a URL path, so anything beyond [A-Za-z0-9_-] could change the request.
    if (!WORKFLOW_ID.test(id)) {
      throw new InputError(
        'workflow-id',
        `must be 1 to 128 characters from A-Z, a-z, 0-9, "_" and "-" per ID, e.g. wfl_m3v7zb9rk2px; "${clipInput(id)}" is not.`
      )
    }
  }
  return ids
}

export function parseApiKey(value: string): string {
  const key = value.trim()
  if (key === '') {
    throw new InputError(
      'api-key',
      'is required and must not be empty. Pass it from a secret: api-key: ${{ secrets.DIALNEXA_API_KEY }}'
    )
  }
  // None of these messages may show the key, not even the offending character.
  if (/[\r\n]/.test(key)) {
    throw new InputError('api-key', 'must be a single line; check the secret for a stray newline.')
  }
  if (!API_KEY.test(key)) {
    throw new InputError(
      'api-key',
      'must hold only visible ASCII characters (letters, digits and punctuation, no spaces); check the secret for a character pasted from another alphabet or a stray space.'
    )
  }
  if (key.length < MIN_API_KEY_LENGTH) {
    throw new InputError(
      'api-key',
      `is shorter than ${MIN_API_KEY_LENGTH} characters, so it cannot be a whole DialNexa API key; check that the secret holds the complete key.`
    )
  }
  if (key.length > MAX_API_KEY_LENGTH) {
    throw new InputError(
      'api-key',
      `is longer than ${MAX_API_KEY_LENGTH} characters, far longer than a DialNexa API key; check that the secret holds the key and nothing else.`
    )
  }
  // A server may echo the secret part alone, and one too short to mask safely would be shown.
  const secret = secretPart(key)
  if (secret !== undefined && secret.length < MIN_SECRET_FORM_LENGTH) {
    throw new InputError(
      'api-key',
      `has fewer than ${MIN_SECRET_FORM_LENGTH} characters after its first ':', so its secret part is too short to be a whole DialNexa key secret or to be masked safely; check that the secret holds the complete key.`
    )
  }
  return key
}

export function parseApiUrl(value: string): string {
  const accepted = 'must be an absolute https URL such as https://api.dialnexa.com/v1'
  // The URL parser drops tabs and line breaks and encodes spaces: two lines would run together
  // into one address, and a request go somewhere no one wrote.
  if (/[\s\p{Cc}]/u.test(value)) {
    throw new InputError(
      'api-url',
      'must be one absolute https URL such as https://api.dialnexa.com/v1, without spaces, tabs or line breaks.'
    )
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InputError('api-url', `${accepted}.`)
  }
  // A bare "?", "#" or "@" parses to an empty part, yet still changes what is sent.
  if (url.username || url.password || /[?#]/.test(value) || hasUserInfo(value)) {
    throw new InputError('api-url', `${accepted}, without credentials, query or fragment.`)
  }
  if (url.hostname.startsWith('[')) {
    // http-client hands the bracketed form to DNS, so every request would fail later.
    throw new InputError(
      'api-url',
      `${accepted}; an IPv6 address such as [::1] is not supported: use a host name, or localhost for this machine.`
    )
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    // The API key travels in a header, so clear text is only acceptable on this machine.
    throw new InputError(
      'api-url',
      `${accepted}; plain http is allowed only for localhost and 127.0.0.0/8.`
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError('api-url', `${accepted}.`)
  }
  return url.href.replace(/\/+$/, '')
}

function hasUserInfo(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/*[^/]*@/i.test(value.trim())
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

/** The same words core.getBooleanInput accepts (YAML 1.2 core schema). */
export function parseBoolean(name: string, value: string): boolean {
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  throw new InputError(name, `must be true or false (got "${clipInput(value)}").`)
}

/** A duration input in ms; only the inputs in TIME_INPUTS can be read, so each has its bound. */
export function parseSeconds(name: TimeInput, value: string): number {
  const { allowZero, maxSeconds, maxText } = TIME_INPUTS[name]
  const seconds = /^\d+(\.\d+)?$|^\.\d+$/.test(value) ? Number(value) : NaN
  const low = allowZero ? 'zero or more' : 'greater than 0'
  if (
    !Number.isFinite(seconds) ||
    seconds < 0 ||
    (!allowZero && seconds === 0) ||
    seconds > maxSeconds
  ) {
    throw new InputError(
      name,
      `must be a number of seconds, ${low} and at most ${maxSeconds} (${maxText}), e.g. 10 or 0.5 (got "${clipInput(value)}").`
    )
  }
  return Math.ceil(seconds * 1000)
}

export function parseWholeNumber(name: string, value: string, min: number, max: number): number {
  const number = /^\d+$/.test(value) ? Number(value) : NaN
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new InputError(
      name,
      `must be a whole number from ${min} to ${max} (got "${clipInput(value)}").`
    )
  }
  return number
}

/**
 * An input quoted back in its error: the user's own text, but long, multi-line, or the key
 * pasted into the wrong input by mistake. So it goes through the gate: the error is also
 * written to the job summary, and the key's forms are redacted there as everywhere.
 */
function clipInput(value: string): string {
  return clip(value, 40)
}
