import { IncomingHttpHeaders } from 'node:http'
import { Clock } from '../core/clock.js'

/**
 * DialNexa limits requests per API key and says so on every answer. When the budget is spent
 * (`X-RateLimit-Remaining: 0`), the next request is certain to get a 429, so it waits for
 * `X-RateLimit-Reset` instead of spending a request to learn that. The waiting itself is done by
 * withRetries, where it counts as one of the call's waits.
 */
export class RateLimitGate {
  private openAt = 0

  constructor(
    private readonly clock: Clock,
    /** Upper bound on one hold, so a skewed clock or odd header cannot stall a pipeline. */
    private readonly maxHoldMs: number
  ) {}

  /** Reads the rate-limit headers of an answer; `retryAfterMs` comes from a 429. */
  observe(headers: IncomingHttpHeaders, retryAfterMs?: number): void {
    const now = this.clock.now()
    if (retryAfterMs !== undefined) this.holdUntil(now + retryAfterMs, now)
    if (header(headers, 'x-ratelimit-remaining') !== '0') return
    // The reset is a time on the server's clock: measured against its Date, when it sends one.
    const serverNow = Date.parse(header(headers, 'date') ?? '')
    // Date has whole seconds and the answer took time: only a skew past that noise counts.
    const skew = Number.isNaN(serverNow) || Math.abs(now - serverNow) < 30_000 ? 0 : now - serverNow
    const resetAt = parseReset(header(headers, 'x-ratelimit-reset'), now - skew)
    if (resetAt !== undefined) this.holdUntil(resetAt + skew, now)
  }

  /** How long the next request must wait, in ms. */
  holdMs(): number {
    return Math.max(0, this.openAt - this.clock.now())
  }

  private holdUntil(at: number, now: number): void {
    this.openAt = Math.max(this.openAt, Math.min(at, now + this.maxHoldMs))
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return (Array.isArray(value) ? value[0] : value)?.trim()
}

/** Below this a reset is seconds from now: 10^9 s from now is 31 years away. */
const EPOCH_SECONDS_FROM = 1e9
/** From here a reset is epoch milliseconds: as epoch seconds it would be the year 5138. */
const EPOCH_MS_FROM = 1e11

/**
 * DialNexa documents the reset as a Unix time in seconds, but APIs also send epoch milliseconds
 * or seconds from now. The three are told apart by magnitude.
 */
export function parseReset(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || !/^\d+(\.\d+)?$/.test(value)) return undefined
  const reset = Number(value)
  if (reset >= EPOCH_MS_FROM) return Math.ceil(reset)
  if (reset >= EPOCH_SECONDS_FROM) return Math.ceil(reset * 1000)
  return nowMs + Math.ceil(reset * 1000)
}
