import * as core from '@actions/core'
import { Clock, systemClock } from '../core/cancellation.js'
import { ApiKey } from '../core/secret-forms.js'
import { windowNow } from '../workflow/hours-gate.js'
import { StepPolicy } from '../workflow/policy.js'
import { maskApiKey, parseApiKey } from './api-key.js'
import * as inputs from './inputs.js'
import * as log from './log.js'
import { loadPauseState, PauseState, pauseStateOf, savePauseState } from './state.js'
import { changeEach, errorText, StepContext } from './step.js'
import { writeSummary } from './summary.js'

/** What tests inject in place of the real clock and randomness. */
export type RunOverrides = { clock?: Clock; random?: () => number }

/** Runs one step: an input error fails it before any request; a bug's stack goes to debug. */
export async function runStep(policy: StepPolicy, overrides: RunOverrides): Promise<void> {
  const clock = overrides.clock ?? systemClock
  const ctx = { policy, clock, random: overrides.random ?? Math.random, startedAt: clock.now() }
  try {
    await (policy.step === 'post' ? pausePost : resumeOrPause)(ctx)
  } catch (error) {
    if (error instanceof inputs.InputError) {
      log.fail(error.message)
      const durationMs = clock.now() - ctx.startedAt
      const summary = { policy, reports: [], durationMs, failure: error.message }
      return writeSummary(summary).catch(() => undefined)
    }
    log.debug(error instanceof Error ? (error.stack ?? error.message) : String(error))
    const action = policy.step === 'resume' ? 'resume' : 'pause'
    log.fail(`Unexpected failure in the DialNexa ${action} action: ${errorText(error)}`)
  }
}

/** The key is masked before any input is read; then 'workflow-id', the key, the rest. */
async function resumeOrPause(ctx: StepContext): Promise<void> {
  const action = ctx.policy.verb.name
  const typed = maskApiKey()
  inputs.parseWorkflowIds(core.getInput('workflow-id'))
  const key = parseApiKey(typed)
  const settings = inputs.readInputs(action, name => core.getInput(name))
  log.debug(inputs.describeSettings(action, settings))
  if (action === 'resume') return changeEach(ctx, settings, key)
  await changeEach(ctx, settings, key, reports => {
    // Saved whatever the outcome, as a failed step's post step still runs; a dry run saves none.
    const failedBefore = settings.dryRun ? undefined : saveState(pauseStateOf(settings, reports))
    // When calling hours are shut as the step ends, their next opening.
    const { opensAt } = windowNow(inputs.callingHoursOf(settings), ctx.clock.now())
    return { failedBefore, opensAt }
  })
}

/** Resumes what the pause step paused; it runs whatever the job's outcome (actions/runner#2911). */
async function pausePost(ctx: StepContext): Promise<void> {
  const state = loadPauseState()
  if (state === null)
    return log.fail(
      "The pause step's saved state cannot be read, so nothing was resumed. Resume the workflows its log names with the resume action."
    )
  if (!state) return noState()
  if (!state.autoResume) return log.debug("'auto-resume' is false: the post step does nothing.")
  const ids = [...new Set([...state.paused.map(p => p.workflowId), ...state.unconfirmed])]
  if (ids.length === 0)
    return log.info('The pause step paused no workflow, so there is nothing to resume.')
  const key = keyForPostStep(state)
  const settings = Object.freeze({ ...state.settings, workflowIds: ids })
  log.debug(`${inputs.describeSettings('pause', settings)} (saved by the pause step)`)
  await changeEach(ctx, settings, key, () => ({ post: { state, now: ctx.clock.now() } }))
}

/** No state: a dry run saved none; otherwise this step cannot know what was paused. */
function noState(): void {
  if (/^(true|True|TRUE)$/.test(core.getInput('dry-run')))
    return log.info('Dry run: the post step sends nothing.')
  // Named only when they pass the input's rules: the key pasted there must not be printed.
  maskApiKey()
  let ids = "the workflows in 'workflow-id'"
  try {
    ids = inputs.parseWorkflowIds(core.getInput('workflow-id')).join(', ')
  } catch {
    // Refused by the pause step already; say no more here.
  }
  log.warning(
    `The pause step saved no state, so this step cannot know what it paused and resumes nothing. Check ${ids} and resume what is paused with the resume action.`
  )
}

const them = (list: readonly string[]): string => (list.length === 1 ? 'it' : 'them')

/** What stays paused when the post step cannot resume it: whole lists, so none is hidden. */
function leftPaused({ paused, unconfirmed }: PauseState): string {
  const ids = paused.map(p => p.workflowId)
  return [
    ids.length > 0 &&
      `Still paused by this step: ${ids.join(', ')}; resume ${them(ids)} with the resume action.`,
    unconfirmed.length > 0 &&
      `Their pause went unanswered, so these may be paused: ${unconfirmed.join(', ')}; check ${them(unconfirmed)}, and resume what is paused with the resume action.`
  ]
    .filter(Boolean)
    .join(' ')
}

function keyForPostStep(state: PauseState): ApiKey {
  try {
    return parseApiKey(maskApiKey())
  } catch (error) {
    if (error instanceof inputs.InputError)
      error.message += ` The post step reads the key from this input, so nothing was resumed. ${leftPaused(state)}`
    throw error
  }
}

/** Saves the state and says what the job's end does; if it cannot, the failure: what stays paused. */
function saveState(state: PauseState): string | undefined {
  try {
    savePauseState(state)
  } catch (error) {
    const saving = `Could not save the pause step's state (GITHUB_STATE): ${errorText(error)}`
    if (state.autoResume && state.paused.length + state.unconfirmed.length > 0) {
      const failure = `${saving}, so the post step will resume nothing. ${leftPaused(state)}`
      log.fail(failure)
      return failure
    }
    log.warning(`${saving}.`)
    // Without auto-resume the post step had nothing to do, so the job-end lines still hold.
    if (state.autoResume) return undefined
  }
  announceJobEnd(state)
  return undefined
}

function announceJobEnd(state: PauseState): void {
  const { paused, unconfirmed, leftAlone, autoResume } = state
  const ids = paused.map(p => p.workflowId)
  const say = (list: readonly string[], text: string): void | false =>
    list.length > 0 && log.info(`${text}: ${list.join(', ')}.`)
  if (!autoResume && ids.length + unconfirmed.length > 0)
    log.info(`'auto-resume' is false, so nothing is resumed at the job's end. ${leftPaused(state)}`)
  if (!autoResume) return
  say(ids, 'At the end of the job, the post step resumes')
  say(unconfirmed, 'Their pause went unanswered; the post step resumes them if it took effect')
  say(leftAlone, 'Not resumed at the end of the job, as they were paused before this step')
}
