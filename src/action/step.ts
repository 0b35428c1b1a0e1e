import { DialNexaClient } from '../api/client.js'
import { RateLimitGate } from '../api/rate-limit.js'
import { DEFAULT_RETRY_POLICY } from '../api/retry.js'
import { Clock, listenForCancellation } from '../core/cancellation.js'
import { mapLimited } from '../core/pool.js'
import { ApiKey } from '../core/secret-forms.js'
import { StepPolicy } from '../workflow/policy.js'
import { RunContext, RunEvent, runWorkflow } from '../workflow/run.js'
import { callingHoursOf, Settings } from './inputs.js'
import * as log from './log.js'
import { Told } from './messages.js'
import { pauseSpanLines } from './state.js'
import { detailLine, eventLine, retryLine } from './progress.js'
import * as report from './report.js'
import { SummaryInput, writeSummary } from './summary.js'
import { subjectFor } from './words.js'

export interface StepContext {
  policy: StepPolicy
  clock: Clock
  random: () => number
  startedAt: number
}

export const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

function runContext(ctx: StepContext, s: Settings): Omit<RunContext, 'client' | 'signal'> {
  const { policy, clock, startedAt } = ctx
  // Calling hours hold back a resume, never a pause.
  const hours = policy.verb.name === 'resume' ? callingHoursOf(s) : undefined
  // One budget with 'wait-for-paused'; the pause action has none ('wait-timeout' 0), nor its post.
  const deadline = startedAt + s.waitTimeoutMs
  return {
    policy,
    clock,
    ignoreConflict: s.ignoreConflict,
    waitFirst: s.waitForPaused ? { pollIntervalMs: s.pollIntervalMs, deadline } : undefined,
    dryRun: s.dryRun,
    hours: hours && { hours, outside: s.outsideCallingHours, deadline },
    adopt: policy.step === 'pause' && s.alreadyPaused === 'adopt'
  }
}

/**
 * Changes every workflow, `max-parallel` at a time, then finishes the step. The signal handlers
 * stay until it is finished: a signal during the write of outputs would end the process mid-write.
 */
export async function changeEach(
  ctx: StepContext,
  settings: Settings,
  apiKey: ApiKey,
  extraOf: (reports: report.Reported[]) => FinishExtra = () => ({})
): Promise<void> {
  const { policy, clock, random } = ctx
  const cancellation = listenForCancellation(name =>
    log.warning(`Received ${name}: stopping; no further ${policy.verb.name} will be sent.`)
  )
  const retryPolicy = { ...DEFAULT_RETRY_POLICY, maxRetries: settings.maxRetries, random }
  // Limits are per key, so every workflow's requests wait on the same gate.
  const rateLimit = new RateLimitGate(clock, retryPolicy.maxRetryAfterMs)
  const forClient = { ...settings, apiKey, retryPolicy, rateLimit, clock, onExchange: log.debug }
  const several = settings.workflowIds.length > 1
  const shared = runContext(ctx, settings)
  const told: Told = { ...settings, runAttempt: Number(process.env.GITHUB_RUN_ATTEMPT) || 1 }
  const changeOne = async (workflowId: string): Promise<report.Reported> => {
    const { signal, dispose } = cancellation.scope()
    const say = (level: 'info' | 'notice' | 'warning', line: string): void =>
      log[level](several ? `[${workflowId}] ${line}` : line)
    const subject = subjectFor(workflowId, several)
    const client = new DialNexaClient({
      ...forClient,
      signal,
      // A retry that ends in success is a plain log line: the end says what the user must know.
      onWait: wait => say('info', retryLine(wait, settings.maxRetries))
    })
    try {
      const onEvent = (event: RunEvent): void => say('info', eventLine(subject, event))
      const outcome = await runWorkflow(workflowId, { ...shared, client, signal, onEvent })
      const reported = report.reportOf(policy, outcome, several, told)
      const detail = detailLine(outcome)
      if (detail) log.debug(`${workflowId}: ${detail}`)
      // Errors become annotations when the step finishes.
      const { level, text } = reported.line
      if (level !== 'error') say(level, text)
      return reported
    } finally {
      dispose()
    }
  }
  try {
    const reports = await mapLimited(settings.workflowIds, settings.maxParallel, changeOne)
    // A saved state is never a dry run's, so the post step's 'dry-run' is false.
    const extra = { dryRun: settings.dryRun, ...extraOf(reports) }
    await finishStep(policy, reports, clock.now() - ctx.startedAt, told, extra)
  } finally {
    cancellation.dispose()
  }
}

/** `failedBefore`: a failure the step set already; `opensAt`: when shut calling hours next open. */
type FinishExtra = Pick<SummaryInput, 'post' | 'dryRun'> & {
  failedBefore?: string
  opensAt?: number
}

/** Ends a step: closing line, outputs (none for the post step), success or failure, summary. */
export async function finishStep(
  policy: StepPolicy,
  reports: readonly report.Reported[],
  durationMs: number,
  told: Told,
  { failedBefore, post, dryRun, opensAt }: FinishExtra = {}
): Promise<void> {
  if (post) for (const line of pauseSpanLines(post.state, reports)) log.info(line)
  const failure = report.stepFailure(policy, reports)
  if (reports.length > 1) log.info(report.closingLine(policy, reports))
  report.annotateFailures(reports)
  let outputsError: string | undefined
  if (!post) {
    try {
      report.setOutputs(policy, reports, told, opensAt)
    } catch (error) {
      // What was done must still be said, above all a change later steps cannot now read about.
      outputsError = report.outputsFailure(policy, reports, errorText(error))
      log.fail(outputsError)
    }
  }
  if (failure) log.fail(failure)
  const said = [failedBefore, outputsError, failure].filter(t => t !== undefined).join(' ')
  const summary = { policy, reports, durationMs, failure: said || undefined, post, dryRun }
  await writeSummary(summary).catch(error =>
    log.warning(`Could not write the job summary: ${errorText(error)}`)
  )
}
