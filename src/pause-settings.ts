import { InputReader, parseBoolean, readSharedSettings } from './settings.js'
import { StepSettings } from './step.js'

/** The pause action's inputs: the resume action's rules where they mean the same, and auto-resume. */

export interface PauseSettings extends StepSettings {
  /** Resume, in the post step, exactly the workflows this step paused. */
  readonly autoResume: boolean
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

export const PAUSE_SETTING_INPUTS: { readonly [K in keyof PauseSettings]: string | null } = {
  ...STEP_SETTING_INPUTS,
  autoResume: 'auto-resume'
}

export function readPauseSettings(readInput: InputReader): PauseSettings {
  return Object.freeze({
    ...readSharedSettings(readInput),
    autoResume: parseBoolean('auto-resume', readInput('auto-resume').trim() || 'false')
  })
}
