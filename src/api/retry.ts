import { Failure } from '../core/failure.js'
import { DialNexaApiError, isCutByDeadline } from './errors.js'
import { throwIfCancelled } from '../core/cancellation.js'
import { Clock } from '../core/clock.js'

/** Which failures are worth another attempt, and how long to wait before it. */

export interface RetryPolicy {
  maxRetries: number
  baseDelayMs: number
  maxDelayMs: number
  /** Upper bound on a server-requested wait, so a bad Retry-After cannot stall a pipeline. */
  maxRetryAfterMs: number
  /** Returns a number in [0, 1); injected so jitter is deterministic in tests. */
  random: () => number
}

export const DEFAULT_RETRY_POLICY: Omit<RetryPolicy, 'maxRetries'> = {
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  random: Math.random
}

const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504])

/** 4xx other than 429 describe the request itself; repeating it cannot change the answer. */
export function isTransient(error: unknown): boolean {
  return error instanceof DialNexaApiError && isTransientFailure(error.failure)
}

export function isTransientFailure(error: Failure): boolean {
  switch (error.kind) {
    case 'unexpected':
      return false
    case 'network':
      return error.retryable !== false
    case 'timeout':
      return true
    case 'redirect':
      // Refused on purpose: the same request would be redirected the same way.
      return false
    case 'http':
      return TRANSIENT_STATUS.has(error.statusCode ?? 0)
    case 'invalid-response':
      // An HTML page from a gateway with a 5xx is an outage; a 2xx one is a misconfiguration.
      return (error.statusCode ?? 0) >= 500
  }
}

/** Exponential back-off with "equal jitter": at least half the step, so retries stay spread. */
export function backoffDelay(retryIndex: number, policy: RetryPolicy): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex)
  return Math.round(step / 2 + policy.random() * (step / 2))
}

/** The most a held request is spread past the end of a hold. */
export const HOLD_SPREAD_MS = 2000

/**
 * A hold the server asked for ends at one instant for every request waiting on it; released
 * together, they would all hit the limit again. Each is let go at a random point in a window
 * after the hold: half the hold, at most HOLD_SPREAD_MS.
 */
export function spreadHold(holdMs: number, random: () => number): number {
  return Math.round(holdMs + random() * Math.min(holdMs / 2, HOLD_SPREAD_MS))
}

/**
 * Retry-After is delta-seconds or an HTTP date (RFC 9110 §10.2.3); decimal seconds are read too,
 * since some gateways send them.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined
  const text = value.trim()
  if (/^(\d+(\.\d*)?|\.\d+)$/.test(text)) return Math.ceil(Number(text) * 1000)
  if (!/[a-z]/i.test(text)) return undefined
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - nowMs)
}

/**
 * DialNexa asks clients to wait at least Retry-After *and* to back off exponentially, so the wait
 * is the larger of the two; `holdMs` is what the key's rate limit still asks for. Capped.
 */
export function retryDelay(
  error: unknown,
  retryIndex: number,
  policy: RetryPolicy,
  holdMs = 0
): number {
  const requested = Math.max(
    error instanceof DialNexaApiError ? (error.retryAfterMs ?? 0) : 0,
    holdMs
  )
  const backoff = backoffDelay(retryIndex, policy)
  const delay = requested > backoff ? spreadHold(requested, policy.random) : backoff
  return Math.min(delay, policy.maxRetryAfterMs)
}

/**
 * What a DeadlineError carries when no attempt of the call failed: the key's rate limit held the
 * next request back past the deadline, so no request was made at all.
 */
export class RateLimitHold extends Error {
  constructor() {
    super("The API key's rate limit held the request back.")
    this.name = 'RateLimitHold'
  }
}

/**
 * Thrown when the caller's deadline ends the call: the next attempt could only start after it,
 * or it cut the last attempt short (`lastError` then says so, and `retried` is the failure that
 * attempt was retrying, if any: the reason there was no time left for it).
 */
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
  /** How long the key's rate limit still holds requests back, in ms. */
  holdMs?: () => number
  /** A hold spends one of the call's waits too: `waitNumber` counts both kinds. */
  onHold?: (delayMs: number, waitNumber: number) => void
  onRetry?: (error: unknown, delayMs: number, waitNumber: number) => void
}

/**
 * Waits out the key's rate-limit hold, if there is one; for an attempt that makes more than one
 * request, before each request after the first (see withRetries).
 */
export type HoldGate = () => Promise<void>

/**
 * Runs `attempt` until it succeeds, fails for good, or has used its waits: `maxRetries` is the
 * most waits one call makes, back-off and rate-limit holds alike, so a call's time is bounded.
 * Without a wait left, a held request is sent anyway and the server's answer stands. An attempt
 * that sends a request after another (a check, then the retry it decides on) calls the gate it
 * is given in between: the first answer may have asked the key to wait.
 */
export async function withRetries<T>(
  attempt: (holdGate: HoldGate) => Promise<T>,
  ctx: RetryContext
): Promise<T> {
  const { policy, clock } = ctx
  let waits = 0
  let lastFailure: unknown
  const wait = async (delayMs: number, lastError: unknown, announce: () => void): Promise<void> => {
    if (ctx.deadline !== undefined && clock.now() + delayMs >= ctx.deadline) {
      throw new DeadlineError(lastError)
    }
    announce()
    waits++
    await clock.sleep(delayMs, ctx.signal)
  }
  const holdGate: HoldGate = async () => {
    throwIfCancelled(ctx.signal)
    const hold = ctx.holdMs?.() ?? 0
    if (hold > 0 && waits < policy.maxRetries) {
      const delay = Math.min(spreadHold(hold, policy.random), policy.maxRetryAfterMs)
      await wait(delay, lastFailure ?? new RateLimitHold(), () => ctx.onHold?.(delay, waits + 1))
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
      await wait(delay, error, () => ctx.onRetry?.(error, delay, waits + 1))
    }
  }
}
