import { clip } from '../core/redact.js'
import { CallingRule } from '../workflow/calling-hours.js'
import {
  parseCallingHours,
  parseClosedDates,
  parseTimeZone,
  Parsed
} from './calling-hours-input.js'
import { DEFAULTS } from './defaults.js'

/** One table: each input's parse rule and bounds, the settings it makes, and its debug line. */

export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string
  ) {
    super(`Input '${input}' ${message}`)
    this.name = 'InputError'
  }
}

/** Every setting a step reads from its inputs; the key is read apart (api-key.ts). */
export interface Settings {
  /** One or more IDs, in input order, without duplicates. */
  readonly workflowIds: readonly string[]
  readonly apiUrl: string
  readonly waitForPaused: boolean
  readonly pollIntervalMs: number
  readonly waitTimeoutMs: number
  readonly ignoreConflict: boolean
  readonly maxRetries: number
  readonly requestTimeoutMs: number
  readonly maxParallel: number
  readonly autoResume: boolean
  readonly dryRun: boolean
  readonly alreadyPaused: 'leave' | 'adopt'
  readonly callingRules: readonly CallingRule[] | undefined
  readonly timeZone: string | undefined
  readonly closedDates: readonly string[]
  readonly outsideCallingHours: 'fail' | 'skip' | 'wait'
}

export type ActionName = keyof typeof DEFAULTS

/** More IDs than this belong in matrix jobs: outputs, annotations and the summary stay bounded. */
export const MAX_WORKFLOW_IDS = 100
const WORKFLOW_ID = /^[A-Za-z0-9_-]{1,128}$/

interface Rule<T> {
  input: string
  parse: (text: string) => T
  /** The value for an action that has no such input. */
  absent?: string
}

// Durations are bounded by a job's 6 hours, far below the timer limit, so no timer overflows.
export const INPUTS: { readonly [K in keyof Settings]: Rule<Settings[K]> } = {
  workflowIds: { input: 'workflow-id', parse: parseWorkflowIds },
  apiUrl: { input: 'api-url', parse: parseApiUrl },
  waitForPaused: { input: 'wait-for-paused', parse: boolean('wait-for-paused'), absent: 'false' },
  pollIntervalMs: {
    input: 'poll-interval',
    parse: seconds('poll-interval', 3600, '1 hour'),
    absent: '1'
  },
  waitTimeoutMs: {
    input: 'wait-timeout',
    parse: seconds('wait-timeout', 21_600, '6 hours', true),
    absent: '0'
  },
  ignoreConflict: { input: 'ignore-conflict', parse: boolean('ignore-conflict') },
  maxRetries: { input: 'max-retries', parse: wholeNumber('max-retries', 0, 10) },
  requestTimeoutMs: {
    input: 'request-timeout',
    parse: seconds('request-timeout', 300, '5 minutes')
  },
  maxParallel: { input: 'max-parallel', parse: wholeNumber('max-parallel', 1, 20) },
  autoResume: { input: 'auto-resume', parse: boolean('auto-resume'), absent: 'false' },
  dryRun: { input: 'dry-run', parse: boolean('dry-run') },
  alreadyPaused: {
    input: 'already-paused',
    parse: oneOf('already-paused', ['leave', 'adopt']),
    absent: 'leave'
  },
  callingRules: { input: 'calling-hours', parse: parsed('calling-hours', parseCallingHours) },
  timeZone: { input: 'time-zone', parse: parsed('time-zone', parseTimeZone) },
  closedDates: { input: 'closed-dates', parse: parsed('closed-dates', parseClosedDates) },
  outsideCallingHours: {
    input: 'outside-calling-hours',
    parse: oneOf('outside-calling-hours', ['fail', 'skip', 'wait'])
  }
}

function oneOf<T extends string>(name: string, values: readonly T[]): (value: string) => T {
  return value => {
    if ((values as readonly string[]).includes(value)) return value as T
    throw new InputError(name, `must be one of ${values.join(', ')} (got "${quoteInput(value)}").`)
  }
}

function parsed<T>(name: string, parse: (text: string) => Parsed<T>): (value: string) => T {
  return value => {
    const result = parse(value)
    if (!result.ok) throw new InputError(name, clip(result.message, 300))
    return result.value
  }
}

/** Every input in the table, read as `action` has them; blank means the default. */
export function readInputs(action: ActionName, read: (name: string) => string): Settings {
  const defaults: Record<string, string> = DEFAULTS[action]
  const entries = Object.entries(INPUTS).map(([key, rule]: [string, Rule<unknown>]) => {
    const has = rule.input in defaults || rule.input === 'workflow-id'
    const text = has ? read(rule.input).trim() || (defaults[rule.input] ?? '') : rule.absent!
    // Invisible characters would make a value that looks right do something else.
    if (HIDDEN.test(text))
      throw new InputError(
        rule.input,
        `must not hold invisible characters; "${quoteInput(text)}" does.`
      )
    return [key, rule.parse(text)]
  })
  const settings = Object.freeze(Object.fromEntries(entries) as Settings)
  if (settings.callingRules && !settings.timeZone)
    throw new InputError(
      'time-zone',
      "is required with 'calling-hours': give an IANA zone such as America/New_York."
    )
  // The post step resumes once, at the end of the job: it never waits for the window.
  if (action === 'pause' && settings.outsideCallingHours === 'wait')
    throw new InputError(
      'outside-calling-hours',
      'must be fail or skip in the pause action: its post step never waits.'
    )
  return settings
}

/** "Settings: workflow-id=… api-url=… …" for the debug log, named as the inputs are. */
export function describeSettings(action: ActionName, settings: Settings): string {
  const defaults: Record<string, string> = DEFAULTS[action]
  const parts = Object.entries(INPUTS)
    .filter(([, rule]) => rule.input in defaults || rule.input === 'workflow-id')
    .map(([key, rule]) => {
      const value: unknown = settings[key as keyof Settings]
      const show = (v: unknown): string =>
        v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)
      const text = Array.isArray(value) ? value.map(show).join(',') : show(value)
      return `${rule.input}=${text}${key.endsWith('Ms') ? 'ms' : ''}`
    })
  return `Settings: ${parts.join(' ')}`
}

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
  // Each ID goes into a URL path, so anything beyond [A-Za-z0-9_-] could change the request.
  // The key in the URL path would be kept by proxies and server logs: refuse, never quoting it.
  if (ids.some(id => /^dnx_(live|test)_/i.test(id) || holdsKey(id)))
    throw new InputError(
      'workflow-id',
      "holds what looks like a DialNexa API key; put the key in 'api-key' and the workflow's ID here."
    )
  const bad = ids.find(id => !WORKFLOW_ID.test(id))
  if (bad !== undefined) {
    throw new InputError(
      'workflow-id',
      `must be 1 to 128 characters from A-Z, a-z, 0-9, "_" and "-" per ID, e.g. wfl_m3v7zb9rk2px; "${quoteInput(bad)}" is not.`
    )
  }
  return ids
}

/** The registered key, in any form the gate redacts, is inside it: redaction adds "***". */
const holdsKey = (id: string): boolean =>
  (clip(id, Infinity).match(/\*{3}/g) ?? []).length > (id.match(/\*{3}/g) ?? []).length

export function parseApiUrl(value: string): string {
  const accepted = 'must be an absolute https URL such as https://api.dialnexa.com/v1'
  // The URL parser drops tabs and line breaks and encodes spaces: a request would go somewhere
  // no one wrote.
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
  if (
    url.username ||
    url.password ||
    /[?#]/.test(value) ||
    /^[a-z][a-z0-9+.-]*:\/*[^/]*@/i.test(value)
  ) {
    throw new InputError('api-url', `${accepted}, without credentials, query or fragment.`)
  }
  if (url.hostname.startsWith('[')) {
    // http-client hands the bracketed form to DNS, so every request would fail later.
    throw new InputError(
      'api-url',
      `${accepted}; an IPv6 address such as [::1] is not supported: use a host name, or localhost for this machine.`
    )
  }
  const loopback =
    url.hostname === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname)
  if (url.protocol === 'http:' && !loopback) {
    // The API key travels in a header, so clear text is only acceptable on this machine.
    throw new InputError(
      'api-url',
      `${accepted}; plain http is allowed only for localhost and 127.0.0.0/8.`
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InputError('api-url', `${accepted}.`)
  return url.href.replace(/\/+$/, '')
}

/** The same words core.getBooleanInput accepts (YAML 1.2 core schema). */
function boolean(name: string): (value: string) => boolean {
  return value => {
    if (['true', 'True', 'TRUE'].includes(value)) return true
    if (['false', 'False', 'FALSE'].includes(value)) return false
    throw new InputError(name, `must be true or false (got "${quoteInput(value)}").`)
  }
}

/** A duration in whole ms from seconds, decimals allowed. */
function seconds(
  name: string,
  max: number,
  maxText: string,
  allowZero = false
): (v: string) => number {
  return value => {
    const n = /^\d+(\.\d+)?$|^\.\d+$/.test(value) ? Number(value) : NaN
    if (!Number.isFinite(n) || (!allowZero && n === 0) || n > max) {
      const low = allowZero ? 'zero or more' : 'greater than 0'
      throw new InputError(
        name,
        `must be a number of seconds, ${low} and at most ${max} (${maxText}), e.g. 10 or 0.5 (got "${quoteInput(value)}").`
      )
    }
    return Math.ceil(n * 1000)
  }
}

function wholeNumber(name: string, min: number, max: number): (value: string) => number {
  return value => {
    const n = /^\d+$/.test(value) ? Number(value) : NaN
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InputError(
        name,
        `must be a whole number from ${min} to ${max} (got "${quoteInput(value)}").`
      )
    }
    return n
  }
}

/** Characters a reader cannot see: format, zero-width and odd spaces. */
const HIDDEN = /[\p{Cf}\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u

/**
 * A bad value quoted back: it may be long, multi-line, or the key pasted into the wrong input,
 * so it goes through redaction; hidden characters are shown as escapes, so it does not look valid.
 */
export function quoteInput(value: string): string {
  const show = (c: string): string => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`
  return clip(value.replace(new RegExp(HIDDEN.source, 'gu'), show), 60)
}
