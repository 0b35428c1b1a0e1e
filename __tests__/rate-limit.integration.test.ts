import { DialNexaClient } from '../src/api/dialnexa.js'
import { systemClock } from '../src/run/clock.js'
import { waitUntilPaused, WaitTimeoutError } from '../src/run/wait.js'
import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'

/** Real time here: the simulator's rate-limit window runs on the real clock. */

let sim: DialNexaSimulator

afterEach(() => sim.stop())

function realClient(url: string): DialNexaClient {
  return new DialNexaClient({
    apiUrl: url,
    apiKey: SIMULATOR_API_KEY,
    requestTimeoutMs: 5000,
    retryPolicy: {
      maxRetries: 3,
      baseDelayMs: 1000,
      maxDelayMs: 30_000,
      maxRetryAfterMs: 120_000,
      random: () => 0.5
    },
    clock: systemClock
  })
}

describe('rate-limit awareness against the simulator', () => {
  it('waits for X-RateLimit-Reset instead of spending a request on a certain 429', async () => {
    sim = new DialNexaSimulator({
      workflows: [{ id: 'wfl_1', status: 'active' }],
      rateLimit: { limit: 2, windowMs: 1000 }
    })
    const client = realClient(await sim.start())
    for (let i = 0; i < 5; i++) await client.getWorkflow('wfl_1')
    expect(sim.requests.map(r => r.statusCode)).toEqual([200, 200, 200, 200, 200])
    // Five requests at two per one-second window need two resets: each hold is a wait, counted
    // as 'max-retries' counts it (and as the summary's "Requests (waits)" shows it).
    expect(client.stats).toEqual({ requests: 5, waits: 2 })
    const span = sim.requests[4]!.at - sim.requests[0]!.at
    expect(span).toBeGreaterThanOrEqual(1000)
  })

  it('fails a wait at its deadline rather than wait for a later reset', async () => {
    sim = new DialNexaSimulator({
      workflows: [{ id: 'wfl_1', status: 'active' }],
      rateLimit: { limit: 1, windowMs: 3_600_000 }
    })
    const client = realClient(await sim.start())
    const first = await client.getWorkflow('wfl_1')
    const started = Date.now()
    const error = await waitUntilPaused({
      clock: systemClock,
      pollIntervalMs: 100,
      deadline: started + 800,
      first,
      fetchWorkflow: deadline => client.getWorkflow('wfl_1', { deadline })
    }).catch(e => e)
    expect(error).toBeInstanceOf(WaitTimeoutError)
    expect(error.message).toContain('last status seen: active')
    expect(Date.now() - started).toBeLessThan(800)
    expect(sim.requests.map(r => r.statusCode)).toEqual([200])
  })

  it('honours a 429 Retry-After from the server', async () => {
    sim = new DialNexaSimulator({
      workflows: [{ id: 'wfl_1', status: 'paused' }],
      rateLimit: { limit: 1, windowMs: 1000 }
    })
    const client = realClient(await sim.start())
    // Another job using the same key spent this window's budget.
    await fetch(`${sim.url}/workflows/wfl_1`, {
      headers: { Authorization: `Bearer ${SIMULATOR_API_KEY}` }
    })
    await expect(client.getWorkflow('wfl_1')).resolves.toMatchObject({ status: 'paused' })
    const ours = sim.requests.slice(1)
    expect(ours.map(r => r.statusCode)).toEqual([429, 200])
    expect(client.stats).toEqual({ requests: 2, waits: 1 })
    expect(ours[1]!.at - ours[0]!.at).toBeGreaterThanOrEqual(900)
  })
})
