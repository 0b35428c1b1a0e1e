import { formatDuration } from '../core/format.js'
import { StepPolicy } from '../workflow/policy.js'
import * as log from './log.js'
import {
  annotateFailures,
  closingLine,
  outputsFailure,
  Reported,
  setOutputs,
  stepFailure
} from './report.js'
import { PauseState } from './state.js'
import { Told } from './messages.js'
import { SummaryInput, writeSummary } from './summary.js'

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

/**
 * Ends a step that ran: closing line, outputs (not for the post step: no later step could read
 * them), success or failure, then the summary. `failedBefore` is a failure the step already set.
 */
export async function finishStep(
  policy: StepPolicy,
  reports: readonly Reported[],
  durationMs: number,
  told: Told,
  extra: {
    failedBefore?: string
    post?: { state: PauseState; now: number }
    dryRun?: boolean
    /** The pause step's: when calling hours, shut as it ends, next open for its post step. */
    opensAt?: number
  } = {}
): Promise<void> {
  if (extra.post) for (const line of pauseSpanLines(extra.post, reports)) log.info(line)
  const failure = stepFailure(policy, reports)
  if (reports.length > 1) log.info(closingLine(policy, reports))
  annotateFailures(reports)
  let outputsError: string | undefined
  if (!extra.post) {
    try {
      setOutputs(policy, reports, told, extra.opensAt)
    } catch (error) {
      // What was done must still be said, above all a change later steps cannot now read about.
      outputsError = outputsFailure(policy, reports, errorText(error))
      log.fail(outputsError)
    }
  }
  if (failure) log.fail(failure)
  const said = [extra.failedBefore, outputsError, failure].filter(t => t !== undefined).join(' ')
  const summary: SummaryInput = {
    policy,
    reports,
    durationMs,
    failure: said || undefined,
    post: extra.post,
    dryRun: extra.dryRun
  }
  await writeSummary(summary).catch(error =>
    log.warning(`Could not write the job summary: ${errorText(error)}`)
  )
}

/** For each resumed workflow, how long dialling was paused. */
function pauseSpanLines({ state }: { state: PauseState }, reports: readonly Reported[]): string[] {
  return reports.flatMap(({ outcome: { workflowId: id, end } }) => {
    if (end.kind !== 'changed') return []
    const pausedAt = state.paused.find(p => p.workflowId === id)?.pausedAt
    return pausedAt === undefined
      ? [`Dialling for ${id} was resumed; its unanswered pause had taken effect.`]
      : [`Dialling for ${id} was paused for ${formatDuration(Math.max(0, end.at - pausedAt))}.`]
  })
}
