import { ServerResponse } from 'node:http'

/** Per-key request budgets on fixed windows, announced with X-RateLimit-* headers. */
export class RateWindows {
  private readonly usage = new Map<string, { windowStart: number; used: number }>()

  constructor(private readonly limit: { limit: number; windowMs: number; now?: () => number }) {}

  /** Forgets every key's usage: each starts its window afresh. */
  clear(): void {
    this.usage.clear()
  }

  /** Counts one request, sets the headers; returns true when it is over the limit. */
  count(key: string, res: ServerResponse): boolean {
    const { limit, windowMs } = this.limit
    const now = (this.limit.now ?? Date.now)()
    const windowStart = now - (now % windowMs)
    const usage = this.usage.get(key)
    const current = usage && usage.windowStart === windowStart ? usage : { windowStart, used: 0 }
    this.usage.set(key, current)
    current.used++
    const resetAt = windowStart + windowMs
    res.setHeader('X-RateLimit-Limit', String(limit))
    res.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit - current.used)))
    res.setHeader('X-RateLimit-Reset', String(Math.ceil(resetAt / 1000)))
    if (current.used <= limit) return false
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil((resetAt - now) / 1000))))
    return true
  }
}
