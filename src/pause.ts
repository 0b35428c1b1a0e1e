import * as core from '@actions/core'
import { systemClock } from './core/clock.js'
import { PAUSE_SETTING_INPUTS, readPauseSettings } from './action/pause-settings.js'
import { PauseState, pauseStateOf, savePauseState } from './action/state.js'
import { reportStep } from './action/report.js'
import { errorText } from './core/format.js'
import { changeEach, guardUnexpected, readSettingsOrFail, RunOverrides } from './action/step.js'
import { PAUSE } from './core/verb.js'

/** The pause step: read settings, pause each workflow, save what the post step needs, report. */
export async function run(overrides: RunOverrides = {}): Promise<void> {
  await guardUnexpected(PAUSE, async () => {
    const clock = overrides.clock ?? systemClock
    const startedAt = clock.now()
    const elapsed = (): number => clock.now() - startedAt
    const settings = await readSettingsOrFail(
      PAUSE,
      { read: () => readPauseSettings(name => core.getInput(name)), inputs: PAUSE_SETTING_INPUTS },
      elapsed
    )
    if (!settings) return

    await changeEach(
      PAUSE,
      settings,
      {
        clock,
        random: overrides.random ?? Math.random,
        // Someone else paused it for their own reason: the desired state holds, and it is theirs.
        conflictRules: { acceptAlready: true },
        alreadyLevel: 'notice'
      },
      async reports => {
        // Saved before reporting, and whatever the outcome: a failed or cancelled step's post
        // step still runs, and must resume what was paused.
        const state = pauseStateOf(settings, reports)
        const saved = saveOrFail(state)
        if (saved.announce) announceJobEnd(state)
        await reportStep(PAUSE, reports, elapsed(), saved.failure)
      }
    )
  })
}

interface SaveOutcome {
  /** Whether to say what happens at the end of the job: the post step has what it needs. */
  announce: boolean
  /** The step's failure, already set, for the job summary: it may be all the on-call reads. */
  failure?: string
}

/**
 * Without its state the post step resumes nothing: an unwritable GITHUB_STATE is the runner's
 * failure, not a bug, and the step must say what that leaves paused.
 */
function saveOrFail(state: PauseState): SaveOutcome {
  try {
    savePauseState(state)
    return { announce: true }
  } catch (error) {
    const saving = `Could not save the pause step's state (GITHUB_STATE): ${errorText(error)}`
    const paused = state.paused.map(p => p.workflowId)
    if (!state.autoResume || paused.length + state.unconfirmed.length === 0) {
      // Without auto-resume the post step had nothing to do, so the job-end lines still hold.
      core.warning(`${saving}.`)
      return { announce: !state.autoResume }
    }
    const them = (list: readonly string[]): string => (list.length === 1 ? 'it' : 'them')
    const lines = [`${saving}, so the post step will resume nothing.`]
    if (paused.length > 0) {
      lines.push(
        `Still paused by this step: ${paused.join(', ')}; resume ${them(paused)} with the resume action.`
      )
    }
    if (state.unconfirmed.length > 0) {
      lines.push(
        `Their pause went unanswered, so these may be paused: ${state.unconfirmed.join(', ')}; check ${them(state.unconfirmed)}.`
      )
    }
    // Not cut short: the cause is already bounded, and every ID (validated as an input) is one
    // to resume or check by hand.
    const failure = lines.join(' ')
    core.setFailed(failure)
    return { announce: false, failure }
  }
}

function announceJobEnd({ paused, unconfirmed, leftAlone, autoResume }: PauseState): void {
  const ids = (list: readonly string[]): string => list.join(', ')
  if (paused.length > 0) {
    const stay = paused.length === 1 ? 'stays' : 'stay'
    core.info(
      autoResume
        ? `At the end of the job, the post step resumes: ${ids(paused.map(p => p.workflowId))}.`
        : `'auto-resume' is false: ${ids(paused.map(p => p.workflowId))} ${stay} paused until a resume step runs.`
    )
  }
  for (const id of unconfirmed) {
    core.info(
      autoResume
        ? `The pause of ${id} was sent, but its outcome is unknown: at the end of the job, the post step resumes it if it took effect.`
        : `The pause of ${id} was sent, but its outcome is unknown, and 'auto-resume' is false: check it, and resume it with the resume action if it is paused.`
    )
  }
  if (autoResume && leftAlone.length > 0) {
    core.info(
      `Not resumed at the end of the job, because they were paused before this step: ${ids(leftAlone)}.`
    )
  }
}
