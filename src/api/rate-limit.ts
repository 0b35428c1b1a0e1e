import { IncomingHttpHeaders } from 'node:http'
import { Clock } from '../core/clock.js'
import { headerValue, serverClockLag } from './body.js'

// DialNexa limits requests per key. Once `X-RateLimit-Remaining: 0`, the next request would
// surely get a 429, so it waits for `X-RateLimit-Reset` instead (in withRetries).
export class RateLimitGate {
  private openAt = 0

  constructor(
    private readonly clock: Clock,
    /** So a skewed clock or odd header cannot stall a pipeline. */
    private readonly maxHoldMs: number
  ) {}

  /** `retryAfterMs` comes from a 429 or 503. */
  observe(headers: IncomingHttpHeaders, retryAfterMs?: number): void {
    const now = this.clock.now()
    if (retryAfterMs !== undefined) this.holdUntil(now + retryAfterMs, now)
    if (headerValue(headers, 'x-ratelimit-remaining') !== '0') return
    // The reset is a time on the server's clock: measured against its Date.
    const lag = serverClockLag(headers, now)
    const resetAt = parseReset(headerValue(headers, 'x-ratelimit-reset'), now - lag)
    if (resetAt !== undefined) this.holdUntil(resetAt + lag, now)
  }

  holdMs(): number {
    return Math.max(0, this.openAt - this.clock.now())
  }

  private holdUntil(at: number, now: number): void {
    this.openAt = Math.max(this.openAt, Math.min(at, now + this.maxHoldMs))
  }
}

// Documented as epoch seconds; APIs also send epoch ms or seconds from now, told apart by size:
// 1e9 s from now is 31 years away, and 1e11 epoch seconds the year 5138.
export function parseReset(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || !/^\d+(\.\d+)?$/.test(value)) return undefined
  const reset = Number(value)
  if (reset >= 1e11) return Math.ceil(reset)
  if (reset >= 1e9) return Math.ceil(reset * 1000)
  return nowMs + Math.ceil(reset * 1000)
}
