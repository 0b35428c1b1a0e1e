import { parseBoolean } from './inputs.js'
import { InputReader, readStepSettings, STEP_SETTING_INPUTS, StepSettings } from './settings.js'

/** The pause action's inputs: the resume action's rules where they mean the same, and auto-resume. */

export interface PauseSettings extends StepSettings {
  /** Resume, in the post step, exactly the workflows this step paused. */
  readonly autoResume: boolean
}

export const PAUSE_SETTING_INPUTS: { readonly [K in keyof PauseSettings]: string | null } = {
  ...STEP_SETTING_INPUTS,
  autoResume: 'auto-resume'
}

export function readPauseSettings(readInput: InputReader): PauseSettings {
  return Object.freeze({
    ...readStepSettings(readInput),
    autoResume: parseBoolean('auto-resume', readInput('auto-resume').trim() || 'false')
  })
}
