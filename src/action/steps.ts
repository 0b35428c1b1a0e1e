import * as core from '@actions/core'
import { POST_STEP } from '../workflow/policy.js'
import { windowNow } from '../workflow/hours-gate.js'
import { ApiKey } from '../core/secret-forms.js'
import { maskApiKey, parseApiKey } from './api-key.js'
import { finishStep } from './finish.js'
import {
  callingHoursOf,
  describeSettings,
  InputError,
  parseWorkflowIds,
  readInputs,
  Settings
} from './inputs.js'
import * as log from './log.js'
import { loadPauseState, PauseState, pauseStateOf, savePauseState } from './state.js'
import { changeEach, StepContext, toldOf } from './step.js'

/** The bodies of the three steps; the entry points hand each to runStep with its policy. */

/** The key is masked before any input is read; then 'workflow-id', the key, the rest. */
function readSettings(action: 'resume' | 'pause'): { settings: Settings; key: ApiKey } {
  const typed = maskApiKey()
  parseWorkflowIds(core.getInput('workflow-id'))
  const key = parseApiKey(typed)
  const settings = readInputs(action, name => core.getInput(name))
  log.debug(describeSettings(action, settings))
  return { settings, key }
}

export async function resume(ctx: StepContext): Promise<void> {
  const { settings, key } = readSettings('resume')
  await changeEach(ctx, settings, key, reports =>
    finishStep(ctx.policy, reports, ctx.clock.now() - ctx.startedAt, toldOf(settings), {
      dryRun: settings.dryRun
    })
  )
}

export async function pause(ctx: StepContext): Promise<void> {
  const { settings, key } = readSettings('pause')
  await changeEach(ctx, settings, key, async reports => {
    // Saved before reporting, whatever the outcome: a failed step's post step still runs. A
    // dry run saves nothing, so its post step sends nothing.
    const state = pauseStateOf(settings, reports)
    const saved = settings.dryRun ? { announce: false } : saveOrFail(state)
    if (saved.announce) announceJobEnd(state)
    await finishStep(ctx.policy, reports, ctx.clock.now() - ctx.startedAt, toldOf(settings), {
      failedBefore: saved.failure,
      dryRun: settings.dryRun,
      opensAt: shutUntil(settings, ctx.clock.now())
    })
  })
}

/**
 * With auto-resume, resume exactly what the pause step paused. It runs whatever the job's
 * outcome (post-if: always()), since it cannot know the job's status (actions/runner#2911).
 */
export async function pausePost(ctx: StepContext): Promise<void> {
  const state = loadPauseState()
  if (state === null) {
    log.fail(
      "The pause step's saved state cannot be read, so nothing was resumed. Resume the workflows its log names with the resume action."
    )
    return
  }
  if (!state) return noState()
  if (!state.autoResume) return log.debug("'auto-resume' is false: the post step does nothing.")
  const ids = [...new Set([...state.paused.map(p => p.workflowId), ...state.unconfirmed])]
  if (ids.length === 0)
    return log.info('The pause step paused no workflow, so there is nothing to resume.')
  const key = keyForPostStep(state)
  const settings: Settings = Object.freeze({ ...state.settings, workflowIds: ids })
  log.debug(
    `${describeSettings('pause', settings)} (saved by the pause step; the key from its input)`
  )
  await changeEach({ ...ctx, policy: POST_STEP }, settings, key, reports =>
    finishStep(POST_STEP, reports, ctx.clock.now() - ctx.startedAt, toldOf(settings), {
      post: { state, now: ctx.clock.now() }
    })
  )
}

/** No state: a dry run saved none; otherwise this step cannot know what was paused. */
function noState(): void {
  if (/^(true|True|TRUE)$/.test(core.getInput('dry-run')))
    return log.info('Dry run: the post step sends nothing.')
  // Named only when they pass the input's rules: the key pasted there must not be printed.
  maskApiKey()
  let ids = "the workflows in 'workflow-id'"
  try {
    ids = parseWorkflowIds(core.getInput('workflow-id')).join(', ')
  } catch {
    // Refused by the pause step already; say no more here.
  }
  log.warning(
    `The pause step saved no state, so this step cannot know what it paused and resumes nothing. Check ${ids} and resume what is paused with the resume action.`
  )
}

function keyForPostStep(state: PauseState): ApiKey {
  try {
    return parseApiKey(maskApiKey())
  } catch (error) {
    if (error instanceof InputError) {
      const paused = state.paused.map(p => p.workflowId)
      error.message += ` The post step reads the key from this input to resume what the pause step paused; nothing was resumed`
      if (paused.length > 0)
        error.message += `, and these workflows are still paused: ${paused.join(', ')}`
      if (state.unconfirmed.length > 0)
        error.message += `; these may be, as their pause went unanswered: ${state.unconfirmed.join(', ')}`
      error.message += '.'
    }
    throw error
  }
}

const them = (list: readonly string[]): string => (list.length === 1 ? 'it' : 'them')

/** Without its state the post step resumes nothing: say what that leaves paused. */
function saveOrFail(state: PauseState): { announce: boolean; failure?: string } {
  try {
    savePauseState(state)
    return { announce: true }
  } catch (error) {
    const saving = `Could not save the pause step's state (GITHUB_STATE): ${error instanceof Error ? error.message : String(error)}`
    const paused = state.paused.map(p => p.workflowId)
    if (!state.autoResume || paused.length + state.unconfirmed.length === 0) {
      // Without auto-resume the post step had nothing to do, so the job-end lines still hold.
      log.warning(`${saving}.`)
      return { announce: !state.autoResume }
    }
    const lines = [`${saving}, so the post step will resume nothing.`]
    if (paused.length > 0)
      lines.push(
        `Still paused by this step: ${paused.join(', ')}; resume ${them(paused)} with the resume action.`
      )
    if (state.unconfirmed.length > 0)
      lines.push(
        `Their pause went unanswered, so these may be paused: ${state.unconfirmed.join(', ')}; check ${them(state.unconfirmed)}.`
      )
    const failure = lines.join(' ')
    log.fail(failure)
    return { announce: false, failure }
  }
}

function announceJobEnd({ paused, unconfirmed, leftAlone, autoResume }: PauseState): void {
  const ids = (list: readonly string[]): string => list.join(', ')
  if (paused.length > 0) {
    const list = ids(paused.map(p => p.workflowId))
    log.info(
      autoResume
        ? `At the end of the job, the post step resumes: ${list}.`
        : `'auto-resume' is false: ${list} ${paused.length === 1 ? 'stays' : 'stay'} paused until a resume step runs.`
    )
  }
  for (const id of unconfirmed) {
    log.info(
      autoResume
        ? `The pause of ${id} was sent, but its outcome is unknown: at the end of the job, the post step resumes it if it took effect.`
        : `The pause of ${id} was sent, but its outcome is unknown, and 'auto-resume' is false: check it, and resume it with the resume action if it is paused.`
    )
  }
  if (autoResume && leftAlone.length > 0)
    log.info(
      `Not resumed at the end of the job, because they were paused before this step: ${ids(leftAlone)}.`
    )
}

/** When calling hours are shut as the pause step ends, their next opening: the post step waits for none. */
function shutUntil(s: Settings, now: number): number | undefined {
  return windowNow(callingHoursOf(s), now).opensAt
}
