import { CallingHours, CallingRule } from '../workflow/calling-hours.js'
import {
  parseCallingHours,
  parseClosedDates,
  parseTimeZone,
  Parsed
} from './calling-hours-input.js'
import { DEFAULTS } from './defaults.js'
import {
  boolean,
  HIDDEN,
  InputError,
  oneOf,
  Parse,
  parseApiUrl,
  parseWorkflowIds,
  quoteInput,
  seconds,
  wholeNumber
} from './input-rules.js'

export { InputError, MAX_WORKFLOW_IDS, parseApiUrl, parseWorkflowIds } from './input-rules.js'

/** One table: each input's parse rule and bounds, the settings it makes, and its debug line. */

/** Every setting a step reads from its inputs; the key is read apart (api-key.ts). */
export interface Settings {
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

interface Rule<T> {
  input: string
  parse: Parse<T>
  /** The value for an action that has no such input. */
  absent?: string
}

// Durations are bounded by a job's 6 hours, far below the timer limit, so no timer overflows.
export const INPUTS: { readonly [K in keyof Settings]: Rule<Settings[K]> } = {
  workflowIds: { input: 'workflow-id', parse: parseWorkflowIds },
  apiUrl: { input: 'api-url', parse: parseApiUrl },
  waitForPaused: { input: 'wait-for-paused', parse: boolean, absent: 'false' },
  pollIntervalMs: { input: 'poll-interval', parse: seconds(3600, '1 hour'), absent: '1' },
  waitTimeoutMs: { input: 'wait-timeout', parse: seconds(21_600, '6 hours', true), absent: '0' },
  ignoreConflict: { input: 'ignore-conflict', parse: boolean },
  maxRetries: { input: 'max-retries', parse: wholeNumber(0, 10) },
  requestTimeoutMs: { input: 'request-timeout', parse: seconds(300, '5 minutes') },
  maxParallel: { input: 'max-parallel', parse: wholeNumber(1, 20) },
  autoResume: { input: 'auto-resume', parse: boolean, absent: 'false' },
  dryRun: { input: 'dry-run', parse: boolean },
  alreadyPaused: { input: 'already-paused', parse: oneOf(['leave', 'adopt']), absent: 'leave' },
  callingRules: { input: 'calling-hours', parse: refusing(parseCallingHours) },
  timeZone: { input: 'time-zone', parse: refusing(parseTimeZone) },
  closedDates: { input: 'closed-dates', parse: refusing(parseClosedDates) },
  outsideCallingHours: { input: 'outside-calling-hours', parse: oneOf(['fail', 'skip', 'wait']) }
}

/** A calling-hours parser whose refusal is thrown as an InputError. */
function refusing<T>(parse: (text: string) => Parsed<T>): Parse<T> {
  return (text, input) => {
    const result = parse(text)
    if (!result.ok) throw new InputError(input, result.message)
    return result.value
  }
}

function hasInput(action: ActionName, rule: Rule<unknown>): boolean {
  return rule.input in DEFAULTS[action] || rule.input === 'workflow-id'
}

/** Every input in the table, read as `action` has them; blank means the default. */
export function readInputs(action: ActionName, read: (name: string) => string): Settings {
  const defaults: Record<string, string> = DEFAULTS[action]
  const entries = Object.entries(INPUTS).map(([key, rule]: [string, Rule<unknown>]) => {
    const text = hasInput(action, rule)
      ? read(rule.input).trim() || (defaults[rule.input] ?? '')
      : rule.absent!
    // Invisible characters would make a value that looks right do something else.
    if (HIDDEN.test(text)) {
      const quoted = quoteInput(text)
      throw new InputError(rule.input, `must not hold invisible characters; "${quoted}" does.`)
    }
    return [key, rule.parse(text, rule.input)]
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
  const show = (v: unknown): string =>
    v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)
  const parts = Object.entries(INPUTS)
    .filter(([, rule]) => hasInput(action, rule))
    .map(([key, rule]) => {
      const value: unknown = settings[key as keyof Settings]
      const text = Array.isArray(value) ? value.map(show).join(',') : show(value)
      return `${rule.input}=${text}${key.endsWith('Ms') ? 'ms' : ''}`
    })
  return `Settings: ${parts.join(' ')}`
}

/** The calling hours the settings give, as the guard reads them; none without a rule. */
export function callingHoursOf(s: Settings): CallingHours | undefined {
  if (!s.callingRules || !s.timeZone) return undefined
  return { rules: [...s.callingRules], timeZone: s.timeZone, closedDates: [...s.closedDates] }
}
