import { ChangedResult } from './verb.js'

/**
 * What happened to one workflow, as plain data: outputs, summary, log lines and the step's
 * failure are all pure functions of these reports, so they read the same facts and are tested
 * without a runner.
 */

/**
 * `resumed` / `paused` when this step changed the workflow; `already` when the status the verb
 * produces held before the step, for the steps whose conflict rules accept that as a success;
 * `unknown` when a change was sent but nothing could tell whether it took effect.
 */
export type WorkflowResultKind =
  ChangedResult | 'already' | 'conflict-ignored' | 'failed' | 'cancelled' | 'unknown'

/** What happened to one workflow, gathered as it goes, then turned into outputs and a summary. */
export interface WorkflowReport {
  workflowId: string
  workflowName?: string
  /** The status when the step started: its first read of the workflow. */
  statusBefore?: string
  /** The status after the step: the change's answer, or the last status seen. */
  statusAfter?: string
  enrolledLeads?: number
  result: WorkflowResultKind
  requests: number
  /** Waits before another attempt, back-offs and rate-limit holds alike: what `max-retries` counts. */
  waits: number
  durationMs: number
  /**
   * Epoch ms when the change took effect: when the request that made it was sent, even if only a
   * later read confirmed it. Set only for the verb's result.
   */
  changedAt?: number
  /**
   * The change was sent, but neither its answer nor a read could tell whether it took effect
   * (result `unknown`): the pause step hands such workflows to its post step.
   */
  unconfirmed?: boolean
  /**
   * A 404 ended it after the workflow had been found (see `foundEarlier`): most likely deleted,
   * so neither paused nor active, whatever was last read.
   */
  deleted?: boolean
  /** Time spent waiting for the accepted status, when the step waited. */
  waitedMs?: number
  /** Why the workflow failed; names the workflow only where nothing else does. */
  error?: string
  /** Why a conflict was ignored. */
  warning?: string
}
