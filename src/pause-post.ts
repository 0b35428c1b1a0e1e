import { runStep, RunOverrides } from './action/steps.js'
import { POST_STEP } from './workflow/policy.js'

/** The pause action's post step: resume exactly what the pause step paused. */
export const run = (overrides: RunOverrides = {}): Promise<void> => runStep(POST_STEP, overrides)
