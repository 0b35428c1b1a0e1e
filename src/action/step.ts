import * as core from '@actions/core'
import { listenForCancellation } from '../core/cancellation.js'
import { Clock } from '../core/clock.js'
import { DialNexaClient } from '../api/client.js'
import { errorText } from '../core/format.js'
import { plainLog, prefixedLog } from './log.js'
import { WorkflowReport } from '../core/outcome.js'
import { mapLimited } from '../core/pool.js'
import { RateLimitGate } from '../api/rate-limit.js'
import { writeSummary } from './report.js'
import { DEFAULT_RETRY_POLICY } from '../api/retry.js'
import { InputError } from './inputs.js'
import { describeSettings, StepSettings } from './settings.js'
import { clip, registerSecret } from '../core/redact.js'
import { StepConflictRules } from './conflict.js'
import { holdWarning, retryWarning } from './retry-warning.js'
import { StatusVerb } from '../core/verb.js'
import { runWorkflow, WaitFirst } from '../workflow/run.js'

/** What every entry point's step shares: the guard, the key, settings, and changing each workflow. */

/** Only a bug escapes `body`; its stack goes to the debug log, not into the step's error. */
export async function guardUnexpected(verb: StatusVerb, body: () => Promise<void>): Promise<void> {
  try {
    await body()
  } catch (error) {
    core.debug(clip(error instanceof Error ? (error.stack ?? error.message) : String(error), 4000))
    core.setFailed(`Unexpected failure in the DialNexa ${verb.name} action: ${errorText(error)}`)
  }
}

/** What tests inject in place of the real clock and randomness. */
export interface RunOverrides {
  clock?: Clock
  random?: () => number
}

/**
 * Masked before anything else can log it: the key as typed, trimmed (what we send), and every
 * form a server may echo. A key too short to mask safely is refused later without being shown.
 */
function maskApiKey(typedKey: string): void {
  for (const form of registerSecret(typedKey)) core.setSecret(form)
}

/** Where a step's settings come from, and how its debug line names them. */
export interface SettingsSource<S extends object> {
  read: () => S
  /** The input behind each setting (null: not shown), for the debug line. */
  inputs: { readonly [K in keyof S]: string | null }
  /** Said after the settings when they do not all come from this step's inputs. */
  origin?: string
}

/**
 * Settings, or undefined after failing the step on an input error, with no request sent. The
 * 'api-key' input is masked first, whatever `read` does with it; the settings read are
 * described in the debug log.
 */
export async function readSettingsOrFail<S extends object>(
  verb: StatusVerb,
  { read, inputs, origin }: SettingsSource<S>,
  durationMs: () => number
): Promise<S | undefined> {
  maskApiKey(core.getInput('api-key', { trimWhitespace: false }))
  try {
    const settings = read()
    core.debug(`${describeSettings(settings, inputs)}${origin ? ` (${origin})` : ''}`)
    return settings
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    core.setFailed(error.message)
    await writeSummary(verb, [], durationMs(), error.message).catch(() => undefined)
    return undefined
  }
}

export interface ChangeEachOptions {
  clock: Clock
  /** Jitter for back-off; injected so tests are deterministic. */
  random: () => number
  waitFirst?: WaitFirst
  /** Beyond `ignore-conflict`: what the pause action and its post step accept. */
  conflictRules?: StepConflictRules
  alreadyLevel?: 'notice' | 'info'
  /** Every workflow was read earlier in the job: the post step's, by its pause step. */
  foundEarlier?: boolean
}

/**
 * Changes every workflow, `max-parallel` at a time, then writes the report; a job cancellation
 * stops the changes. The signal handlers stay until `report` is done: without them, a signal
 * during the write of outputs and summary would meet Node's default handler and end the
 * process mid-write.
 */
export async function changeEach(
  verb: StatusVerb,
  settings: StepSettings,
  { clock, random, waitFirst, conflictRules, alreadyLevel, foundEarlier }: ChangeEachOptions,
  report: (reports: WorkflowReport[]) => Promise<void>
): Promise<void> {
  const cancellation = listenForCancellation(name =>
    core.warning(`Received ${name}: stopping; no further ${verb.name} will be sent.`)
  )
  const retryPolicy = { ...DEFAULT_RETRY_POLICY, maxRetries: settings.maxRetries, random }
  // Limits are per key, so every workflow's requests wait on the same gate.
  const rateLimit = new RateLimitGate(clock, retryPolicy.maxRetryAfterMs)
  const several = settings.workflowIds.length > 1
  const changeOne = (workflowId: string): Promise<WorkflowReport> => {
    const { signal, dispose } = cancellation.scope()
    const log = several ? prefixedLog(workflowId) : plainLog
    const client = new DialNexaClient({
      apiUrl: settings.apiUrl,
      apiKey: settings.apiKey,
      requestTimeoutMs: settings.requestTimeoutMs,
      retryPolicy,
      rateLimit,
      clock,
      signal,
      onExchange: line => core.debug(clip(line, 1000)),
      onRetry: (error, delayMs, waitNumber, request, next) =>
        log.warning(retryWarning(request, error, delayMs, waitNumber, settings.maxRetries, next)),
      onHold: (delayMs, waitNumber, request, next) =>
        log.warning(holdWarning(request, delayMs, waitNumber, settings.maxRetries, next))
    })
    return runWorkflow(workflowId, {
      verb,
      client,
      clock,
      signal,
      ignoreConflict: settings.ignoreConflict,
      waitFirst,
      conflictRules,
      alreadyLevel,
      foundEarlier,
      log,
      idShownElsewhere: several
    }).finally(dispose)
  }
  try {
    await report(await mapLimited(settings.workflowIds, settings.maxParallel, changeOne))
  } finally {
    cancellation.dispose()
  }
}
