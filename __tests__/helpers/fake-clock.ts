import { CancelledError } from '../../src/core/cancellation.js'
import { Clock } from '../../src/core/cancellation.js'

/** A clock whose sleeps return at once and move time forward, recording every wait. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = []
  constructor(public current = 1_700_000_000_000) {}

  now(): number {
    return this.current
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new CancelledError()
    this.sleeps.push(ms)
    this.current += Math.max(0, ms)
  }

  advance(ms: number): void {
    this.current += ms
  }
}
