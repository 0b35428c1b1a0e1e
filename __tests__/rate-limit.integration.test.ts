import { RATE_LIMIT_HOLD } from '../src/api/retry.js'
import { waitUntilPaused } from '../src/workflow/wait.js'
import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { clientFor } from './helpers/client.js'
import { FakeClock } from './helpers/fake-clock.js'

/**
 * The simulator's rate-limit windows and the client run on one fake clock that starts at the top
 * of a window: each hold is checked against the window it waits for, with no real waiting, and no
 * window edge can fall between two requests by chance, as one can on the real clock.
 */

const HOUR = 3_600_000
/** The top of an hour, so of a window of a second or of an hour too. */
const WINDOW_START = 472_222 * HOUR

let sim: DialNexaSimulator

afterEach(() => sim.stop())

async function start(
  status: string,
  rateLimit: { limit: number; windowMs: number }
): Promise<{ url: string; clock: FakeClock }> {
  const clock = new FakeClock(WINDOW_START)
  sim = new DialNexaSimulator({
    workflows: [{ id: 'wfl_1', status }],
    rateLimit: { ...rateLimit, now: () => clock.now() }
  })
  return { url: await sim.start(), clock }
}

describe('rate-limit awareness against the simulator', () => {
  it('waits for X-RateLimit-Reset instead of spending a request on a certain 429', async () => {
    const { url, clock } = await start('active', { limit: 2, windowMs: 1000 })
    const { client } = clientFor(url, { clock })
    for (let i = 0; i < 5; i++) await client.getWorkflow('wfl_1')
    // Each hold lasted until its window reset: the simulator, on the same clock, answered all.
    expect(sim.requests.map(r => r.statusCode)).toEqual([200, 200, 200, 200, 200])
    // Five requests at two per one-second window need two resets: each hold is a wait, counted
    // as 'max-retries' counts it (and as the summary's "Requests (waits)" shows it).
    expect(client.stats).toEqual({ requests: 5, waits: 2 })
    expect(clock.sleeps).toHaveLength(2)
    expect(clock.now() - WINDOW_START).toBeGreaterThanOrEqual(2000)
  })

  it('fails a wait at its deadline rather than wait for a later reset', async () => {
    const { url, clock } = await start('active', { limit: 1, windowMs: HOUR })
    const { client } = clientFor(url, { clock })
    const first = await client.getWorkflow('wfl_1')
    const deadline = clock.now() + 800
    const result = await waitUntilPaused({
      clock,
      pollIntervalMs: 100,
      deadline,
      first,
      fetchWorkflow: deadline => client.getWorkflow('wfl_1', { deadline })
    })
    // No poll failed: the key's rate limit held the next one back past the deadline.
    expect(result).toMatchObject({ outcome: 'timeout', lastStatus: 'active', waitedMs: 100 })
    expect(result).toHaveProperty('lastError', RATE_LIMIT_HOLD)
    // One poll interval, then the hold until the reset would pass the deadline: no sleep for it.
    expect(clock.sleeps).toEqual([100])
    expect(clock.now()).toBeLessThanOrEqual(deadline)
    expect(sim.requests.map(r => r.statusCode)).toEqual([200])
  })

  it('honours a 429 Retry-After from the server', async () => {
    const { url, clock } = await start('paused', { limit: 1, windowMs: 1000 })
    const { client } = clientFor(url, { clock })
    // Another job using the same key spent this window's budget.
    await fetch(`${url}/workflows/wfl_1`, {
      headers: { Authorization: `Bearer ${SIMULATOR_API_KEY}` }
    })
    await expect(client.getWorkflow('wfl_1')).resolves.toMatchObject({ status: 'paused' })
    const ours = sim.requests.slice(1)
    expect(ours.map(r => r.statusCode)).toEqual([429, 200])
    expect(client.stats).toEqual({ requests: 2, waits: 1 })
    // Retry-After: 1 from the top of the window: the retry came in the next one.
    expect(clock.sleeps).toHaveLength(1)
    expect(clock.now() - WINDOW_START).toBeGreaterThanOrEqual(1000)
  })
})
