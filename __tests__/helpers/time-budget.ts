import { DEFAULT_RETRY_POLICY } from '../../src/api/retry.js'
import { Settings } from '../../src/action/inputs.js'

/**
 * The step's worst-case duration as a formula of its inputs, stated in the README. The code
 * obeys it by construction: every request ends within `request-timeout`, every wait is capped,
 * each call makes at most `max-retries` waits, and the wait until paused ends at `wait-timeout`.
 */

/** The longest one wait may be: a Retry-After or rate-limit hold, capped, spread included. */
export const MAX_WAIT_MS = DEFAULT_RETRY_POLICY.maxRetryAfterMs

/**
 * The most requests one workflow's status change makes: `max-retries + 1` attempts, a read
 * before each retry of an unanswered one, and one read at the end (after a 409 or the last
 * unanswered attempt).
 */
export function changeRequests(maxRetries: number): number {
  return 2 * maxRetries + 2
}

/**
 * The most requests one workflow makes: its first read (`max-retries + 1` attempts), which every
 * workflow gets so the step knows the status it started from, and its status change.
 */
export function workflowRequests(maxRetries: number): number {
  return maxRetries + 1 + changeRequests(maxRetries)
}

export type BudgetSettings = Pick<
  Settings,
  | 'workflowIds'
  | 'maxParallel'
  | 'maxRetries'
  | 'requestTimeoutMs'
  | 'waitForPaused'
  | 'waitTimeoutMs'
>

/**
 * The most one workflow takes outside its wait until paused: two calls (the first read and the
 * change) of at most `max-retries` waits each, and its requests.
 */
export function workflowWorstCaseMs(s: BudgetSettings): number {
  return 2 * s.maxRetries * MAX_WAIT_MS + workflowRequests(s.maxRetries) * s.requestTimeoutMs
}

/**
 * wait-timeout (when waiting) + ⌈IDs / max-parallel⌉ × the worst case of one workflow. Waits
 * until paused all end at the one wait-timeout deadline; after it, each of max-parallel lanes
 * handles at most ⌈IDs / max-parallel⌉ workflows.
 */
export function stepWorstCaseMs(s: BudgetSettings): number {
  const rounds = Math.ceil(s.workflowIds.length / s.maxParallel)
  return (s.waitForPaused ? s.waitTimeoutMs : 0) + rounds * workflowWorstCaseMs(s)
}
