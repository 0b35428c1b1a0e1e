import { CallingHours } from '../workflow/calling-hours.js'
import { parseCallingHours, parseClosedDates, parseTimeZone } from './calling-hours-input.js'
import { DEFAULTS } from './defaults.js'
import { HIDDEN, InputError, parseApiUrl, parseWorkflowIds, quoteInput } from './input-rules.js'

export { InputError, MAX_WORKFLOW_IDS, parseWorkflowIds } from './input-rules.js'

type Parse<T> = (text: string, input: string) => T

/** `absent` is the value for an action that has no such input. */
type Rule = { input: string; parse: Parse<unknown>; absent?: string }

/** A rule taking what `read` makes a value of; any other text is refused, quoted after `form`. */
function rule<T>(form: string, read: (text: string) => T | undefined): Parse<T> {
  return (text, input) => {
    const value = read(text)
    if (value === undefined) throw new InputError(input, `${form} (got "${quoteInput(text)}").`)
    return value
  }
}

// The words core.getBooleanInput accepts (YAML 1.2 core schema).
const boolean = rule('must be true or false', text =>
  /^(true|True|TRUE)$/.test(text) ? true : /^(false|False|FALSE)$/.test(text) ? false : undefined
)

const oneOf = <T extends string>(values: readonly T[]): Parse<T> =>
  rule(`must be one of ${values.join(', ')}`, text => values.find(value => value === text))

function seconds(max: number, maxText: string, allowZero = false): Parse<number> {
  const low = allowZero ? 'zero or more' : 'greater than 0'
  const form = `must be a number of seconds, ${low} and at most ${max} (${maxText}), e.g. 10 or 0.5`
  return rule(form, text => {
    const n = /^\d+(\.\d+)?$|^\.\d+$/.test(text) ? Number(text) : NaN
    return (allowZero || n > 0) && n <= max ? Math.ceil(n * 1000) : undefined
  })
}

const wholeNumber = (min: number, max: number): Parse<number> =>
  rule(`must be a whole number from ${min} to ${max}`, text => {
    const n = /^\d+$/.test(text) ? Number(text) : NaN
    return n >= min && n <= max ? n : undefined
  })

/** Each input's parse rule and bounds. Durations fit a 6-hour job, far below the timer limit. */
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

/** The action's default for `input`: none for 'workflow-id'; undefined if the action lacks it. */
const defaultOf = (action: 'resume' | 'pause', input: string): string | undefined =>
  input === 'workflow-id' ? '' : DEFAULTS[input]?.[action]

export function readInputs(action: 'resume' | 'pause', read: (name: string) => string): Settings {
  const entries = Object.entries<Rule>(INPUTS).map(([key, { input, parse, absent }]) => {
    const fallback = defaultOf(action, input)
    const text = fallback === undefined ? absent! : read(input).trim() || fallback
    // Invisible characters would make a value that looks right do something else.
    if (HIDDEN.test(text))
      throw new InputError(input, `must not hold invisible characters; "${quoteInput(text)}" does.`)
    return [key, parse(text, input)]
  })
  const settings = Object.freeze(Object.fromEntries(entries) as Settings)
  if (settings.callingRules && !settings.timeZone)
    throw new InputError('time-zone', "is required with 'calling-hours': an IANA zone, e.g. UTC.")
  // The post step resumes once, at the end of the job: it never waits for the window.
  const noWait = 'must be fail or skip in the pause action: its post step never waits.'
  if (action === 'pause' && settings.outsideCallingHours === 'wait')
    throw new InputError('outside-calling-hours', noWait)
  return settings
}

export function describeSettings(action: 'resume' | 'pause', settings: Settings): string {
  const parts = Object.entries(INPUTS)
    .filter(([, rule]) => defaultOf(action, rule.input) !== undefined)
    .map(([key, rule]) => {
      const values = [settings[key as keyof Settings]].flat()
      const text = values.map(v => (typeof v === 'object' ? JSON.stringify(v) : String(v ?? '')))
      return `${rule.input}=${text.join(',')}${key.endsWith('Ms') ? 'ms' : ''}`
    })
  return `Settings: ${parts.join(' ')}`
}

export function callingHoursOf(s: Settings): CallingHours | undefined {
  if (!s.callingRules || !s.timeZone) return undefined
  return { rules: s.callingRules, timeZone: s.timeZone, closedDates: s.closedDates }
}
