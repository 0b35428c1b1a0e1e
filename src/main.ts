import { runStep, RunOverrides } from './action/steps.js'
import { RESUME_STEP } from './workflow/policy.js'

/** The resume action: (wait until paused and) resume each workflow, then report. */
export const run = (overrides: RunOverrides = {}): Promise<void> => runStep(RESUME_STEP, overrides)
