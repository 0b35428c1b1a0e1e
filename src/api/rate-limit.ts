import { IncomingHttpHeaders } from 'node:http'
import { Clock } from '../core/cancellation.js'
import { headerValue } from './body.js'
import { parseRetryAfter } from './retry.js'

// DialNexa limits requests per key. Once `X-RateLimit-Remaining: 0`, the next request would
// surely get a 429, so it waits for `X-RateLimit-Reset` instead (in withRetries).
export class RateLimitGate {
  private openAt = 0

  constructor(
    private readonly clock: Clock,
    /** So a skewed clock or odd header cannot stall a pipeline. */
    private readonly maxHoldMs: number
  ) {}

  /** Holds the key as an answer asks; returns the Retry-After of a 429 or 503, in ms. */
  observe(headers: IncomingHttpHeaders, statusCode?: number): number | undefined {
    const now = this.clock.now()
    // Its times are on the server's clock: read against its Date.
    const serverDate = Date.parse(headerValue(headers, 'date') ?? '')
    const lag = Number.isNaN(serverDate) ? 0 : now - serverDate
    // A 503 may carry Retry-After too (RFC 9110); both mean "this key, not before then".
    const asksToWait = statusCode === 429 || statusCode === 503
    const retryAfter = asksToWait ? headerValue(headers, 'retry-after') : undefined
    const retryAfterMs = parseRetryAfter(retryAfter, now - lag)
    if (retryAfterMs !== undefined) this.holdUntil(now + retryAfterMs, now)
    const resetAt = parseReset(headerValue(headers, 'x-ratelimit-reset'), now - lag)
    if (headerValue(headers, 'x-ratelimit-remaining') === '0' && resetAt !== undefined)
      this.holdUntil(resetAt + lag, now)
    return retryAfterMs
  }

  holdMs = (): number => Math.max(0, this.openAt - this.clock.now())

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
