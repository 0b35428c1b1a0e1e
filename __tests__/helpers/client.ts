import { ApiKey } from '../../src/core/secret-forms.js'
import { ClientOptions, DialNexaClient } from '../../src/api/client.js'
import { RateLimitGate } from '../../src/api/rate-limit.js'
import { SIMULATOR_API_KEY } from '../../simulator/simulator.js'
import { FakeClock } from './fake-clock.js'

/** A real client for a simulator URL; back-off sleeps go through a fake clock. */
export function clientFor(
  apiUrl: string,
  overrides: {
    maxRetries?: number
    requestTimeoutMs?: number
    apiKey?: string
    signal?: AbortSignal
    onExchange?: (line: string) => void
    onWait?: ClientOptions['onWait']
    /** A clock to share, e.g. with the simulator's rate-limit windows. */
    clock?: FakeClock
  } = {}
) {
  const clock = overrides.clock ?? new FakeClock(Date.now())
  const client = new DialNexaClient({
    apiUrl,
    apiKey: (overrides.apiKey ?? SIMULATOR_API_KEY) as ApiKey,
    requestTimeoutMs: overrides.requestTimeoutMs ?? 5000,
    retryPolicy: {
      maxRetries: overrides.maxRetries ?? 3,
      baseDelayMs: 1000,
      maxDelayMs: 30_000,
      maxRetryAfterMs: 120_000,
      random: () => 0.5
    },
    rateLimit: new RateLimitGate(clock, 120_000),
    clock,
    signal: overrides.signal,
    onExchange: overrides.onExchange,
    onWait: overrides.onWait
  })
  return { client, clock }
}
