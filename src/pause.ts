import { runStep, RunOverrides } from './action/steps.js'
import { PAUSE_STEP } from './workflow/policy.js'

/** The pause action: pause each workflow, save what the post step needs, report. */
export const run = (overrides: RunOverrides = {}): Promise<void> => runStep(PAUSE_STEP, overrides)
