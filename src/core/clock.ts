import { setTimeout as delay } from 'node:timers/promises'
import { CancelledError } from './cancellation.js'

/** Time, injected so polling and back-off are tested without real waiting. */
export interface Clock {
  now(): number
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  // Node runs a negative or NaN delay as 1 ms.
  sleep: (ms, signal) =>
    delay(ms, undefined, { signal }).catch((error: unknown) => {
      throw signal?.aborted ? new CancelledError() : error
    })
}
