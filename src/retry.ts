import { DialNexaApiError } from './api-error.js'
import { throwIfCancelled } from './cancellation.js'
import { Clock } from './clock.js'

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
  if (!(error instanceof DialNexaApiError)) return false
  switch (error.kind) {
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

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  if (!/[a-z]/i.test(text)) return undefined
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - nowMs)
}

export function retryDelay(error: unknown, retryIndex: number, policy: RetryPolicy): number {
  const requested = error instanceof DialNexaApiError ? error.retryAfterMs : undefined
  if (requested !== undefined) return Math.min(requested, policy.maxRetryAfterMs)
  return backoffDelay(retryIndex, policy)
}

/** Thrown when the next attempt could only start after the caller's deadline. */
export class DeadlineError extends Error {
  constructor(readonly lastError: unknown) {
    super('The deadline was reached before the request could be retried.')
    this.name = 'DeadlineError'
  }
}

export interface RetryContext {
  policy: RetryPolicy
  clock: Clock
  signal?: AbortSignal
  /** Epoch ms; no back-off sleeps past it. */
  deadline?: number
  onRetry?: (error: unknown, delayMs: number, retryNumber: number) => void
}

export async function withRetries<T>(attempt: () => Promise<T>, ctx: RetryContext): Promise<T> {
  for (let retryIndex = 0; ; retryIndex++) {
    throwIfCancelled(ctx.signal)
    try {
      return await attempt()
    } catch (error) {
      if (!isTransient(error) || retryIndex >= ctx.policy.maxRetries) throw error
      const delay = retryDelay(error, retryIndex, ctx.policy)
      if (ctx.deadline !== undefined && ctx.clock.now() + delay >= ctx.deadline) {
        throw new DeadlineError(error)
      }
      ctx.onRetry?.(error, delay, retryIndex + 1)
      await ctx.clock.sleep(delay, ctx.signal)
    }
  }
}
