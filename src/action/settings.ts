import {
  DEFAULTS,
  MAX_PARALLEL_CAP,
  MAX_RETRIES_CAP,
  parseApiKey,
  parseApiUrl,
  parseBoolean,
  parseSeconds,
  parseWholeNumber,
  parseWorkflowIds
} from './inputs.js'

/** Reads every input into one validated, frozen Settings object before any request is sent. */

/** The settings every status-change step has, whichever verb it runs: same names, same rules. */
export interface StepSettings {
  /** One or more IDs, in input order, without duplicates. */
  readonly workflowIds: readonly string[]
  readonly apiKey: string
  readonly apiUrl: string
  readonly ignoreConflict: boolean
  readonly maxRetries: number
  readonly requestTimeoutMs: number
  readonly maxParallel: number
}

/** The resume action's settings: the step's, and waiting for paused. */
export interface Settings extends StepSettings {
  readonly waitForPaused: boolean
  readonly pollIntervalMs: number
  readonly waitTimeoutMs: number
}

/** The input behind each setting every status-change step has; `null` for the key. */
export const STEP_SETTING_INPUTS: { readonly [K in keyof StepSettings]: string | null } = {
  workflowIds: 'workflow-id',
  apiKey: null,
  apiUrl: 'api-url',
  ignoreConflict: 'ignore-conflict',
  maxRetries: 'max-retries',
  requestTimeoutMs: 'request-timeout',
  maxParallel: 'max-parallel'
}

/** The input behind each setting, in order; `null` for the key, which no description includes. */
export const SETTING_INPUTS: { readonly [K in keyof Settings]: string | null } = {
  workflowIds: 'workflow-id',
  apiKey: null,
  apiUrl: 'api-url',
  waitForPaused: 'wait-for-paused',
  pollIntervalMs: 'poll-interval',
  waitTimeoutMs: 'wait-timeout',
  ignoreConflict: 'ignore-conflict',
  maxRetries: 'max-retries',
  requestTimeoutMs: 'request-timeout',
  maxParallel: 'max-parallel'
}

/**
 * "Settings: workflow-id=… api-url=… …" for the debug log, named as the user wrote the inputs.
 * Every field must appear in `inputs`, so a new one is described, or marked null, on purpose.
 */
export function describeSettings<S extends object>(
  settings: S,
  inputs: { readonly [K in keyof S]: string | null }
): string {
  const parts = (Object.keys(inputs) as (keyof S & string)[]).flatMap(key => {
    const input = inputs[key]
    if (input === null) return []
    const value: unknown = settings[key]
    const text = Array.isArray(value)
      ? value.join(',')
      : `${String(value)}${key.endsWith('Ms') ? 'ms' : ''}`
    return [`${input}=${text}`]
  })
  return `Settings: ${parts.join(' ')}`
}

export type InputReader = (name: string) => string

export function readSettings(readInput: InputReader): Settings {
  const optional = optionalInput(readInput)
  return Object.freeze({
    ...readStepSettings(readInput),
    waitForPaused: parseBoolean('wait-for-paused', optional('wait-for-paused')),
    pollIntervalMs: parseSeconds('poll-interval', optional('poll-interval')),
    waitTimeoutMs: parseSeconds('wait-timeout', optional('wait-timeout'))
  })
}

export function readStepSettings(readInput: InputReader): StepSettings {
  const optional = optionalInput(readInput)
  return {
    workflowIds: parseWorkflowIds(readInput('workflow-id')),
    apiKey: parseApiKey(readInput('api-key')),
    apiUrl: parseApiUrl(optional('api-url')),
    ignoreConflict: parseBoolean('ignore-conflict', optional('ignore-conflict')),
    maxRetries: parseWholeNumber('max-retries', optional('max-retries'), 0, MAX_RETRIES_CAP),
    requestTimeoutMs: parseSeconds('request-timeout', optional('request-timeout')),
    maxParallel: parseWholeNumber('max-parallel', optional('max-parallel'), 1, MAX_PARALLEL_CAP)
  }
}

/** An input with a default: blank means the default. */
function optionalInput(readInput: InputReader): (name: keyof typeof DEFAULTS) => string {
  return name => readInput(name).trim() || DEFAULTS[name]
}
