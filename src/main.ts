import * as core from '@actions/core'
import { DialNexaApiError } from './api-error.js'
import { CancelledError, Clock, systemClock } from './clock.js'
import { DialNexaClient } from './dialnexa.js'
import { infoUntrusted, RunReport, setOutputs, writeSummary } from './report.js'
import { resumeWorkflow } from './resume.js'
import { DEFAULT_RETRY_POLICY } from './retry.js'
import { InputError, readSettings, Settings } from './settings.js'
import { isFinal } from './status.js'
import { clip, registerSecret } from './untrusted.js'
import { formatSeconds, waitUntilPaused, WaitTimeoutError } from './wait.js'
import { WorkflowRecord } from './workflow.js'

export interface RunOverrides {
  clock?: Clock
  random?: () => number
}

/** One run: inputs, settings, (wait until paused), resume, outputs and summary. */
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
    await writeSummary({
      workflowId: core.getInput('workflow-id'),
      result: 'failed',
      requests: 0,
      retries: 0,
      durationMs: clock.now() - startedAt,
      error: error.message
    }).catch(() => undefined)
    return
  }

  const cancellation = listenForCancellation()
  const client = new DialNexaClient({
    apiUrl: settings.apiUrl,
    apiKey: settings.apiKey,
    requestTimeoutMs: settings.requestTimeoutMs,
    retryPolicy: {
      ...DEFAULT_RETRY_POLICY,
      maxRetries: settings.maxRetries,
      random: overrides.random ?? Math.random
    },
    clock,
    signal: cancellation.signal,
    onExchange: line => core.debug(line),
    onRetry: (error, delayMs, retryNumber) =>
      core.warning(
        `Attempt failed, retry ${retryNumber} of ${settings.maxRetries} in ${formatSeconds(delayMs)}: ${errorText(error)}`
      )
  })
  const report: RunReport = {
    workflowId: settings.workflowId,
    result: 'failed',
    requests: 0,
    retries: 0,
    durationMs: 0
  }
  const remember = (record: WorkflowRecord): void => {
    report.workflowName = record.name ?? report.workflowName
    report.enrolledLeads = record.enrolledLeads ?? report.enrolledLeads
  }

  try {
    if (settings.waitForPaused) {
      const waited = await core.group(
        `Waiting for workflow ${settings.workflowId} to be paused`,
        () =>
          waitUntilPaused({
            clock,
            signal: cancellation.signal,
            pollIntervalMs: settings.pollIntervalMs,
            deadline: startedAt + settings.waitTimeoutMs,
            fetchWorkflow: deadline => client.getWorkflow(settings.workflowId, { deadline }),
            onStatusChange: status => infoUntrusted(`Workflow status: ${status}`)
          })
      )
      report.statusBefore = waited.record.status
      remember(waited.record)
      if (waited.outcome === 'final') {
        // Resume would answer 409 for a final workflow; skip the request and treat it alike.
        concludeConflict(settings, report, waited.record.status, waited.record)
        return
      }
    }

    const outcome = await resumeWorkflow(client, settings.workflowId)
    if (outcome.result === 'conflict') {
      concludeConflict(settings, report, outcome.currentStatus, outcome.record)
      return
    }
    remember(outcome.record)
    report.statusBefore ??= 'paused'
    report.statusAfter = outcome.record.status
    report.result = 'resumed'
    const how = outcome.confirmedByCheck
      ? ' (confirmed by reading it back after an unanswered attempt)'
      : ''
    infoUntrusted(
      `Resumed workflow ${settings.workflowId}${report.workflowName ? ` (${report.workflowName})` : ''}: status ${outcome.record.status}${how}.`
    )
  } catch (error) {
    report.result = error instanceof CancelledError ? 'cancelled' : 'failed'
    report.error = failureMessage(error, settings)
  } finally {
    cancellation.dispose()
    report.requests = client.stats.requests
    report.retries = client.stats.retries
    report.durationMs = clock.now() - startedAt
    setOutputs(report)
    if (report.error) core.setFailed(report.error)
    await writeSummary(report).catch(error =>
      core.warning(`Could not write the job summary: ${errorText(error)}`)
    )
  }
}

function concludeConflict(
  settings: Settings,
  report: RunReport,
  currentStatus: string | undefined,
  record: WorkflowRecord | undefined
): void {
  if (record) {
    report.workflowName = record.name ?? report.workflowName
    report.enrolledLeads = record.enrolledLeads ?? report.enrolledLeads
  }
  report.statusBefore ??= currentStatus
  report.statusAfter = currentStatus
  const status = currentStatus === undefined ? 'unknown' : clip(currentStatus, 40)
  const why = isFinal(status)
    ? `it is ${status}, a final status, and can never be resumed`
    : `its current status is ${status}`
  const message = `Workflow ${settings.workflowId} is not paused, so it was not resumed: ${why}.`
  if (settings.ignoreConflict) {
    report.result = 'conflict-ignored'
    core.warning(`${message} Continuing because 'ignore-conflict' is true.`)
  } else {
    report.result = 'failed'
    report.error = `${message} Set 'ignore-conflict: true' to let the step succeed in this case.`
  }
}

function failureMessage(error: unknown, settings: Settings): string {
  if (error instanceof CancelledError) return error.message
  if (error instanceof WaitTimeoutError) {
    return `Workflow ${settings.workflowId}: ${error.message} Raise 'wait-timeout' (now ${formatSeconds(settings.waitTimeoutMs)}) if pausing takes longer.`
  }
  return errorText(error)
}

function errorText(error: unknown): string {
  if (error instanceof DialNexaApiError || error instanceof Error) return clip(error.message, 800)
  return clip(String(error), 800)
}

/** A cancelled job gets SIGINT, then SIGTERM: stop at once and never send a resume after it. */
function listenForCancellation(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController()
  const onSignal = (name: string): void => {
    if (controller.signal.aborted) return
    core.warning(`Received ${name}: stopping without resuming the workflow.`)
    controller.abort()
    // If something still holds the event loop, do not outlive the cancellation.
    setTimeout(() => process.exit(1), 3000).unref()
  }
  const onInt = (): void => onSignal('SIGINT')
  const onTerm = (): void => onSignal('SIGTERM')
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
    }
  }
}
