import * as core from '@actions/core'
import { systemClock } from './core/clock.js'
import { loadPauseState, PauseState, PauseStateError } from './action/state.js'
import { reportPostStep } from './action/post-report.js'
import { InputError, parseApiKey } from './action/inputs.js'
import { InputReader, STEP_SETTING_INPUTS, StepSettings } from './action/settings.js'
import { changeEach, guardUnexpected, readSettingsOrFail, RunOverrides } from './action/step.js'
import { PAUSE, RESUME } from './core/verb.js'

/**
 * The pause action's post step: with auto-resume, resume exactly the workflows the pause step
 * paused, with the resume action's logic. It runs after the job's other steps, whatever their
 * outcome (post-if: always()), because it cannot know the job's status (actions/runner#2911).
 */
export async function run(overrides: RunOverrides = {}): Promise<void> {
  await guardUnexpected(PAUSE, async () => {
    const clock = overrides.clock ?? systemClock
    const startedAt = clock.now()
    const state = loadStateOrFail()
    if (state === null) return
    if (!state) {
      core.info(
        'The pause step saved no state (it stopped before it could), so there is nothing to resume.'
      )
      return
    }
    if (!state.autoResume) {
      core.debug("'auto-resume' is false: the post step does nothing.")
      return
    }
    if (state.paused.length === 0 && state.unconfirmed.length === 0) {
      core.info('The pause step paused no workflow, so there is nothing to resume.')
      return
    }
    const settings = await readSettingsOrFail(
      RESUME,
      {
        read: () => postSettings(state, name => core.getInput(name)),
        inputs: STEP_SETTING_INPUTS,
        origin: 'saved by the pause step; the key from its input'
      },
      () => clock.now() - startedAt
    )
    if (!settings) return

    await changeEach(
      RESUME,
      settings,
      {
        clock,
        random: overrides.random ?? Math.random,
        // Someone resumed it already: fine. It became final meanwhile: report it, do not fight it.
        // Still paused after a refusal: never waved through, whatever 'ignore-conflict' says.
        conflictRules: { acceptAlready: true, finalIsWarning: true, undoesOwnChange: true },
        alreadyLevel: 'info',
        // The pause step read each of them (the unanswered too): a 404 now is a deletion.
        foundEarlier: true
      },
      reports => reportPostStep(state, reports, clock.now())
    )
  })
}

/** The saved state; undefined when none was saved; null after failing on one that cannot be used. */
function loadStateOrFail(): PauseState | undefined | null {
  try {
    return loadPauseState()
  } catch (error) {
    if (!(error instanceof PauseStateError)) throw error
    core.setFailed(
      `The state the pause step saved cannot be used: ${error.message} Nothing was resumed: see the pause step's log for the workflows it paused, and resume them with the resume action.`
    )
    return null
  }
}

/** Everything from the saved state but the key, which is never saved: it comes from the input. */
function postSettings(state: PauseState, readInput: InputReader): StepSettings {
  const workflowIds = [...state.paused.map(p => p.workflowId), ...state.unconfirmed]
  return Object.freeze({
    // Held to the inputs' rules when the state was loaded; repeats count once.
    ...state.settings,
    workflowIds: [...new Set(workflowIds)],
    apiKey: keyForPostStep(readInput('api-key'), state)
  })
}

function keyForPostStep(rawKey: string, state: PauseState): string {
  try {
    return parseApiKey(rawKey)
  } catch (error) {
    if (error instanceof InputError) {
      const paused = state.paused.map(p => p.workflowId)
      error.message += ` The post step reads the key from this input to resume what the pause step paused; nothing was resumed`
      if (paused.length > 0)
        error.message += `, and these workflows are still paused: ${paused.join(', ')}`
      if (state.unconfirmed.length > 0) {
        error.message += `; these may be, as their pause went unanswered: ${state.unconfirmed.join(', ')}`
      }
      error.message += '.'
    }
    throw error
  }
}
