import * as core from '@actions/core'
import { listenForCancellation } from './cancellation.js'
import { Clock, systemClock } from './clock.js'
import { DialNexaClient } from './dialnexa.js'
import { errorText, formatSeconds } from './format.js'
import { groupedLog, prefixedLog } from './log.js'
import { mapLimited } from './pool.js'
import { RateLimitGate } from './rate-limit.js'
import { closingLine, stepFailure } from './outcome.js'
import { setOutputs, writeSummary } from './report.js'
import { DEFAULT_RETRY_POLICY } from './retry.js'
import { InputError, readSettings, Settings } from './settings.js'
import { registerSecret } from './untrusted.js'
import { RESUME } from './verb.js'
import { runWorkflow } from './workflow-run.js'

export interface RunOverrides {
  clock?: Clock
  random?: () => number
}

/** One run: inputs, settings, then each workflow (wait, resume), then outputs and summary. */
export async function run(overrides: RunOverrides = {}): Promise<void> {
  try {
    await resumeStep(overrides)
  } catch (error) {
    // Only a bug gets here; its stack goes to the debug log, not into the step's error.
    core.debug(error instanceof Error ? (error.stack ?? error.message) : String(error))
    core.setFailed(`Unexpected failure in the DialNexa resume action: ${errorText(error)}`)
  }
}

async function resumeStep(overrides: RunOverrides): Promise<void> {
  const clock = overrides.clock ?? systemClock
  const startedAt = clock.now()
  // Masked before anything else can log it; the trimmed form is what we send.
  const rawKey = core.getInput('api-key')
  for (const secret of new Set([rawKey, rawKey.trim()])) {
    if (secret) {
      core.setSecret(secret)
      registerSecret(secret)
    }
  }

  let settings: Settings
  try {
    settings = readSettings(name => core.getInput(name))
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    core.setFailed(error.message)
    await writeSummary(RESUME, [], clock.now() - startedAt, error.message).catch(() => undefined)
    return
  }

  // The key was masked above and is left out here regardless.
  core.debug(
    `Settings: workflow-id=${settings.workflowIds.join(',')} api-url=${settings.apiUrl} ` +
      `wait-for-paused=${settings.waitForPaused} poll-interval=${settings.pollIntervalMs}ms ` +
      `wait-timeout=${settings.waitTimeoutMs}ms ignore-conflict=${settings.ignoreConflict} ` +
      `max-retries=${settings.maxRetries} request-timeout=${settings.requestTimeoutMs}ms ` +
      `max-parallel=${settings.maxParallel}`
  )
  const cancellation = listenForCancellation(name =>
    core.warning(`Received ${name}: stopping; no further resume will be sent.`)
  )
  const random = overrides.random ?? Math.random
  const retryPolicy = { ...DEFAULT_RETRY_POLICY, maxRetries: settings.maxRetries, random }
  // Limits are per key, so every workflow's requests wait on the same gate.
  const rateLimit = new RateLimitGate(clock, retryPolicy.maxRetryAfterMs)
  const several = settings.workflowIds.length > 1
  const reports = await mapLimited(settings.workflowIds, settings.maxParallel, workflowId => {
    const client = new DialNexaClient({
      apiUrl: settings.apiUrl,
      apiKey: settings.apiKey,
      requestTimeoutMs: settings.requestTimeoutMs,
      retryPolicy,
      rateLimit,
      clock,
      signal: cancellation.signal,
      onExchange: line => core.debug(line),
      onRetry: (error, delayMs, retryNumber) =>
        core.warning(
          `Attempt failed, retry ${retryNumber} of ${settings.maxRetries} in ${formatSeconds(delayMs)}: ${errorText(error)}`
        )
    })
    return runWorkflow(workflowId, {
      verb: RESUME,
      client,
      clock,
      signal: cancellation.signal,
      ignoreConflict: settings.ignoreConflict,
      waitFirst: settings.waitForPaused
        ? {
            pollIntervalMs: settings.pollIntervalMs,
            timeoutMs: settings.waitTimeoutMs,
            deadline: startedAt + settings.waitTimeoutMs
          }
        : undefined,
      log: several ? prefixedLog(workflowId) : groupedLog
    })
  }).finally(() => cancellation.dispose())

  const failure = stepFailure(reports)
  if (several) {
    core.info(closingLine(RESUME, reports))
  }
  setOutputs(RESUME, reports)
  if (failure) core.setFailed(failure)
  await writeSummary(RESUME, reports, clock.now() - startedAt, failure).catch(error =>
    core.warning(`Could not write the job summary: ${errorText(error)}`)
  )
}
