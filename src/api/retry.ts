import { ApiFailure, Failure } from '../core/failure.js'
import { Clock, throwIfCancelled } from '../core/cancellation.js'

/** Thrown inside the client and turned back into data at its edge (`toFailure`). */
export class DialNexaApiError extends Error {
  constructor(readonly failure: ApiFailure) {
    // For the debug log only: users read what action/ makes of `failure`.
    super(`DialNexa API ${failure.kind}${failure.statusCode ? ` ${failure.statusCode}` : ''}`)
    this.name = 'DialNexaApiError'
  }

  isStatus = (code: number): boolean =>
    this.failure.kind === 'http' && this.failure.statusCode === code
}

export function isCutByDeadline(error: unknown): error is DialNexaApiError {
  const failure = error instanceof DialNexaApiError ? error.failure : undefined
  return failure?.kind === 'timeout' && failure.cutByDeadline === true
}

export function toFailure(error: unknown): Failure {
  if (error instanceof DialNexaApiError) return error.failure
  return { kind: 'unexpected', message: error instanceof Error ? error.message : String(error) }
}

export interface RetryPolicy {
  maxRetries: number
  baseDelayMs: number
  maxDelayMs: number
  /** Upper bound on a server-requested wait, so a bad Retry-After cannot stall a pipeline. */
  maxRetryAfterMs: number
  /** In [0, 1); injected so jitter is deterministic in tests. */
  random: () => number
}

export const DEFAULT_RETRY_POLICY: Omit<RetryPolicy, 'maxRetries'> = {
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  random: Math.random
}

const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504])

export const isTransient = (error: unknown): boolean =>
  error instanceof DialNexaApiError && isTransientFailure(error.failure)

export function isTransientFailure(error: Failure): boolean {
  if (error.kind === 'network') return error.retryable !== false
  if (error.kind === 'timeout') return true
  // Other 4xx describe the request itself; repeating it cannot change the answer.
  if (error.kind === 'http') return TRANSIENT_STATUS.has(error.statusCode ?? 0)
  // An HTML page from a gateway with a 5xx is an outage; a 2xx one is a misconfiguration.
  if (error.kind === 'invalid-response') return (error.statusCode ?? 0) >= 500
  // A refused redirect would be refused the same way again; an unexpected failure is a bug.
  return false
}

/** Exponential back-off with "equal jitter": at least half the step, so retries stay spread. */
export function backoffDelay(retryIndex: number, policy: RetryPolicy): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex)
  return Math.round(step / 2 + policy.random() * (step / 2))
}

export const HOLD_SPREAD_MS = 2000

// A hold ends at one instant for every request waiting on it: released together, they would hit
// the limit again. Each is let go at random in a window after it (half the hold, at most 2 s).
export function spreadHold(holdMs: number, random: () => number): number {
  return Math.round(holdMs + random() * Math.min(holdMs / 2, HOLD_SPREAD_MS))
}

/** Delta-seconds or an HTTP date (RFC 9110 §10.2.3); decimal seconds too, as some gateways send. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  const text = value?.trim() ?? ''
  if (/^(\d+(\.\d*)?|\.\d+)$/.test(text)) return Math.ceil(Number(text) * 1000)
  const date = /[a-z]/i.test(text) ? Date.parse(text) : NaN
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs)
}

/** DialNexa asks to wait at least Retry-After *and* to back off exponentially: the larger. */
export function retryDelay(error: unknown, retry: number, policy: RetryPolicy, holdMs = 0): number {
  const retryAfterMs = error instanceof DialNexaApiError ? (error.failure.retryAfterMs ?? 0) : 0
  const requested = Math.max(retryAfterMs, holdMs)
  const backoff = backoffDelay(retry, policy)
  const delay = requested > backoff ? spreadHold(requested, policy.random) : backoff
  return Math.min(delay, policy.maxRetryAfterMs)
}

/** The key's rate limit held the request back past the deadline: no request was made at all. */
export const RATE_LIMIT_HOLD = new Error("The API key's rate limit held the request back.")

/** The caller's deadline ended the call; `retried`: what the attempt it cut short retried. */
export class DeadlineError extends Error {
  constructor(
    readonly lastError: unknown,
    readonly retried?: unknown
  ) {
    super('The deadline was reached before the request could be retried.')
    this.name = 'DeadlineError'
  }
}

export interface RetryContext {
  policy: RetryPolicy
  clock: Clock
  signal?: AbortSignal
  /** Epoch ms; no wait sleeps past it. */
  deadline?: number
  holdMs?: () => number
  /** Before each wait: `error` is the failure to retry, undefined for a rate-limit hold. */
  onWait?: (error: unknown, delayMs: number, waitNumber: number) => void
}

/** Waits out the key's rate-limit hold, if any: also between two requests of one attempt. */
export type HoldGate = () => Promise<void>

// `maxRetries` bounds back-offs and holds alike, so a call's time is bounded. Without a wait
// left, a held request is sent anyway and the server's answer stands.
export async function withRetries<T>(
  attempt: (holdGate: HoldGate) => Promise<T>,
  ctx: RetryContext
): Promise<T> {
  const { policy, clock } = ctx
  let waits = 0
  let lastFailure: unknown
  const wait = async (delayMs: number, lastError: unknown, retried?: unknown): Promise<void> => {
    if (clock.now() + delayMs >= (ctx.deadline ?? Infinity)) throw new DeadlineError(lastError)
    waits++
    ctx.onWait?.(retried, delayMs, waits)
    await clock.sleep(delayMs, ctx.signal)
  }
  const holdGate: HoldGate = async () => {
    throwIfCancelled(ctx.signal)
    const hold = ctx.holdMs?.() ?? 0
    if (hold > 0 && waits < policy.maxRetries) {
      const delay = Math.min(spreadHold(hold, policy.random), policy.maxRetryAfterMs)
      await wait(delay, lastFailure ?? RATE_LIMIT_HOLD)
    }
  }
  let failures = 0
  for (;;) {
    await holdGate()
    try {
      return await attempt(holdGate)
    } catch (error) {
      const retried = lastFailure
      lastFailure = error
      // The deadline has come: no attempt fits after it, whatever waits are left.
      if (isCutByDeadline(error)) throw new DeadlineError(error, retried)
      if (!isTransient(error) || waits >= policy.maxRetries) throw error
      const delay = retryDelay(error, failures++, policy, ctx.holdMs?.() ?? 0)
      await wait(delay, error, error)
    }
  }
}
