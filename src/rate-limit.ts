import { IncomingHttpHeaders } from 'node:http'
import { Clock } from './clock.js'
import { DeadlineError } from './retry.js'

/**
 * DialNexa limits requests per API key and says so on every answer. When the budget is spent
 * (`X-RateLimit-Remaining: 0`), the next request is certain to get a 429, so it waits for
 * `X-RateLimit-Reset` instead of spending a request to learn that.
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
    const resetAt = parseReset(header(headers, 'x-ratelimit-reset'), now)
    if (resetAt !== undefined) this.holdUntil(resetAt, now)
  }

  /** How long the next request must wait, in ms. */
  holdMs(): number {
    return Math.max(0, this.openAt - this.clock.now())
  }

  /** Waits until requests may go again; throws DeadlineError rather than wait past `deadline`. */
  async waitTurn(signal?: AbortSignal, deadline?: number): Promise<void> {
    const hold = this.holdMs()
    if (hold === 0) return
    if (deadline !== undefined && this.clock.now() + hold > deadline) {
      throw new DeadlineError(new Error(`the API key's rate limit resets later`))
    }
    await this.clock.sleep(hold, signal)
  }

  private holdUntil(at: number, now: number): void {
    this.openAt = Math.max(this.openAt, Math.min(at, now + this.maxHoldMs))
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return (Array.isArray(value) ? value[0] : value)?.trim()
}

/** The reset is a Unix time in seconds; a small number is taken as seconds from now. */
export function parseReset(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined
  const seconds = Number(value)
  return seconds < 1_000_000_000 ? nowMs + seconds * 1000 : seconds * 1000
}
