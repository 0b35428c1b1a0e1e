import { CallingHours } from '../workflow/calling-hours.js'
import { parseCallingHours, parseClosedDates, parseTimeZone } from './calling-hours-input.js'
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

export { InputError, MAX_WORKFLOW_IDS, parseWorkflowIds } from './input-rules.js'

type ActionName = 'resume' | 'pause'

interface Rule<T> {
  input: string
  parse: Parse<T>
  /** The value for an action that has no such input. */
  absent?: string
}

/** Each input's parse rule and bounds; the settings are what the rules return. */
// Durations are bounded by a job's 6 hours, far below the timer limit, so no timer overflows.
export const INPUTS = {
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
  callingRules: { input: 'calling-hours', parse: parseCallingHours },
  timeZone: { input: 'time-zone', parse: parseTimeZone },
  closedDates: { input: 'closed-dates', parse: parseClosedDates },
  outsideCallingHours: { input: 'outside-calling-hours', parse: oneOf(['fail', 'skip', 'wait']) }
}

/** Every setting a step reads from its inputs; the key is read apart (api-key.ts). */
export type Settings = {
  readonly [K in keyof typeof INPUTS]: ReturnType<(typeof INPUTS)[K]['parse']>
}

/** The action's inputs: 'workflow-id', which has no default, and those it gives a default. */
function hasInput(action: ActionName, input: string): boolean {
  return input === 'workflow-id' || DEFAULTS[input]?.[action] !== undefined
}

/** Every input in the table, read as `action` has them; blank means the default. */
export function readInputs(action: ActionName, read: (name: string) => string): Settings {
  const rules: [string, Rule<unknown>][] = Object.entries(INPUTS)
  const entries = rules.map(([key, { input, parse, absent }]) => {
    const text = hasInput(action, input)
      ? read(input).trim() || (DEFAULTS[input]?.[action] ?? '')
      : absent!
    // Invisible characters would make a value that looks right do something else.
    if (HIDDEN.test(text))
      throw new InputError(input, `must not hold invisible characters; "${quoteInput(text)}" does.`)
    return [key, parse(text, input)]
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
    .filter(([, rule]) => hasInput(action, rule.input))
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
  return { rules: s.callingRules, timeZone: s.timeZone, closedDates: s.closedDates }
}
