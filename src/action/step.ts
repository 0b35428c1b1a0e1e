import { DialNexaClient } from '../api/client.js'
import { RateLimitGate } from '../api/rate-limit.js'
import { DEFAULT_RETRY_POLICY } from '../api/retry.js'
import { listenForCancellation } from '../core/cancellation.js'
import { Clock, systemClock } from '../core/clock.js'
import { mapLimited } from '../core/pool.js'
import { ApiKey } from '../core/secret-forms.js'
import { StepPolicy } from '../workflow/policy.js'
import { RunContext, RunEvent, runWorkflow } from '../workflow/run.js'
import { HoursGuard } from '../workflow/hours-gate.js'
import { callingHoursOf, InputError, Settings } from './inputs.js'
import * as log from './log.js'
import { Told } from './messages.js'
import { detailLine, eventLine, retryLine } from './progress.js'
import { Reported, reportOf } from './report.js'
import { writeSummary } from './summary.js'
import { subjectFor } from './words.js'

/** What tests inject in place of the real clock and randomness. */
export interface RunOverrides {
  clock?: Clock
  random?: () => number
}

export interface StepContext {
  policy: StepPolicy
  clock: Clock
  random: () => number
  startedAt: number
}

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

/**
 * Runs one step: `body` reads its settings and runs; only a bug escapes it, whose stack goes to
 * the debug log, not into the step's error. An input error fails the step before any request.
 */
export async function runStep(
  policy: StepPolicy,
  overrides: RunOverrides,
  body: (ctx: StepContext) => Promise<void>
): Promise<void> {
  const clock = overrides.clock ?? systemClock
  const ctx = { policy, clock, random: overrides.random ?? Math.random, startedAt: clock.now() }
  try {
    await body(ctx)
  } catch (error) {
    if (error instanceof InputError) {
      log.fail(error.message)
      const input = {
        policy,
        reports: [],
        durationMs: clock.now() - ctx.startedAt,
        failure: error.message
      }
      await writeSummary(input).catch(() => undefined)
      return
    }
    log.debug(error instanceof Error ? (error.stack ?? error.message) : String(error))
    const action = policy.step === 'resume' ? 'resume' : 'pause'
    log.fail(`Unexpected failure in the DialNexa ${action} action: ${errorText(error)}`)
  }
}

export const toldOf = (s: Settings): Told => ({
  maxRetries: s.maxRetries,
  waitForPaused: s.waitForPaused,
  waitTimeoutMs: s.waitTimeoutMs,
  runAttempt: Number(process.env.GITHUB_RUN_ATTEMPT) || 1,
  timeZone: s.timeZone
})

/** The calling-hours guard of a resume: one budget with 'wait-for-paused'; never for a pause. */
function hoursGuard(ctx: StepContext, s: Settings): HoursGuard | undefined {
  const hours = callingHoursOf(s)
  if (!hours || ctx.policy.verb.name !== 'resume') return undefined
  // The post step resumes at the end of the job, and never waits for the window.
  const outside =
    ctx.policy.step === 'post' && s.outsideCallingHours === 'wait' ? 'fail' : s.outsideCallingHours
  return { hours, outside, deadline: ctx.startedAt + s.waitTimeoutMs }
}

/** The end in the log (errors become annotations later), and how it came about in debug. */
function tell(workflowId: string, reported: Reported, wlog: log.WorkflowLog): void {
  const detail = detailLine(reported.outcome)
  if (detail) log.debug(`${workflowId}: ${detail}`)
  const { level, text } = reported.line
  if (level !== 'error') wlog[level](text)
}

/** What every workflow's run shares: the key's one rate-limit gate, the policy, the guards. */
function runContext(ctx: StepContext, settings: Settings): Omit<RunContext, 'client' | 'signal'> {
  return {
    policy: ctx.policy,
    clock: ctx.clock,
    ignoreConflict: settings.ignoreConflict,
    waitFirst: settings.waitForPaused
      ? {
          pollIntervalMs: settings.pollIntervalMs,
          deadline: ctx.startedAt + settings.waitTimeoutMs
        }
      : undefined,
    dryRun: settings.dryRun,
    hours: hoursGuard(ctx, settings),
    adopt: ctx.policy.step === 'pause' && settings.alreadyPaused === 'adopt'
  }
}

/**
 * Changes every workflow, `max-parallel` at a time, then hands their reports to `report`; a
 * job cancellation stops the changes. The signal handlers stay until `report` is done: without
 * them, a signal during the write of outputs and summary would end the process mid-write.
 */
export async function changeEach(
  ctx: StepContext,
  settings: Settings,
  apiKey: ApiKey,
  report: (reports: Reported[]) => Promise<void>
): Promise<void> {
  const { policy, clock } = ctx
  const cancellation = listenForCancellation(name =>
    log.warning(`Received ${name}: stopping; no further ${policy.verb.name} will be sent.`)
  )
  const retryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    maxRetries: settings.maxRetries,
    random: ctx.random
  }
  // Limits are per key, so every workflow's requests wait on the same gate.
  const rateLimit = new RateLimitGate(clock, retryPolicy.maxRetryAfterMs)
  const several = settings.workflowIds.length > 1
  const shared = runContext(ctx, settings)
  const told = toldOf(settings)
  const changeOne = async (workflowId: string): Promise<Reported> => {
    const { signal, dispose } = cancellation.scope()
    const wlog = log.workflowLog(several ? `[${workflowId}] ` : '')
    const subject = subjectFor(workflowId, several)
    const client = new DialNexaClient({
      apiUrl: settings.apiUrl,
      apiKey,
      requestTimeoutMs: settings.requestTimeoutMs,
      retryPolicy,
      rateLimit,
      clock,
      signal,
      onExchange: line => log.debug(line),
      // A retry that ends in success is a plain log line: the end says what the user must know.
      onWait: wait => wlog.info(retryLine(wait, settings.maxRetries))
    })
    try {
      const onEvent = (event: RunEvent): void => wlog.info(eventLine(subject, event))
      const outcome = await runWorkflow(workflowId, { ...shared, client, signal, onEvent })
      const reported = reportOf(policy, outcome, several, told)
      tell(workflowId, reported, wlog)
      return reported
    } finally {
      dispose()
    }
  }
  try {
    await report(await mapLimited(settings.workflowIds, settings.maxParallel, changeOne))
  } finally {
    cancellation.dispose()
  }
}
