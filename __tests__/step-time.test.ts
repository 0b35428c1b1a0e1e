import { jest } from '@jest/globals'
import { readFileSync } from 'node:fs'
import * as core from './fixtures/core.js'
import { FakeClock } from './helpers/fake-clock.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../src/main.js')
const { readInputs } = await import('../src/action/inputs.js')
const { changeRequests, MAX_WAIT_MS, stepWorstCaseMs, workflowRequests } =
  await import('./helpers/time-budget.js')
const { DialNexaSimulator, SIMULATOR_API_KEY } = await import('../simulator/simulator.js')

/**
 * The whole step on the fake clock against the simulator. Every request is charged the full
 * `request-timeout`, as if each answered at the last moment, so the clock shows the worst case.
 * max-parallel is 1: the fake clock adds up sleeps, so only serial lanes read true on it.
 */

type Simulator = InstanceType<typeof DialNexaSimulator>
let sim: Simulator

afterEach(() => sim.stop())

/** A deterministic stand-in for Math.random. */
function seededRandom(seed = 42): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

async function startSimulator(
  ids: string[],
  status: string,
  chargeMs: (method: 'get' | 'post') => number,
  clock: FakeClock
): Promise<string> {
  sim = new DialNexaSimulator({
    workflows: ids.map(id => ({ id, status })),
    onRequest: request => {
      // The route (and so the action) is known only later; the path tells a POST from a GET.
      clock.advance(chargeMs(request.method === 'POST' ? 'post' : 'get'))
    }
  })
  return sim.start()
}

function useInputs(values: Record<string, string>): Record<string, string> {
  core.getInput.mockImplementation(name => values[name] ?? '')
  return values
}

beforeEach(() => jest.clearAllMocks())

describe("the step's worst-case duration", () => {
  const ids = ['wfl_1', 'wfl_2', 'wfl_3']

  it.each([
    ['503 Retry-After: 120', { type: 'error', status: 503, headers: { 'Retry-After': '120' } }],
    ['429 Retry-After: 120', { type: 'rate-limit', retryAfter: '120' }],
    ['503 without Retry-After', { type: 'error', status: 503 }]
  ])('stays within the formula when everything answers %s', async (_what, fault) => {
    const clock = new FakeClock()
    const inputs = useInputs({
      'workflow-id': ids.join(','),
      'api-key': SIMULATOR_API_KEY,
      'api-url': await startSimulator(ids, 'paused', () => 5000, clock),
      'max-retries': '2',
      'request-timeout': '5',
      'max-parallel': '1'
    })
    sim.injectFault({ fault: fault as never, times: 1000 })
    const started = clock.now()
    await run({ clock, random: seededRandom() })

    const bound = stepWorstCaseMs(readInputs('resume', name => inputs[name] ?? ''))
    expect(bound).toBe(3 * (4 * MAX_WAIT_MS + workflowRequests(2) * 5000))
    expect(clock.now() - started).toBeLessThanOrEqual(bound)
    expect(core.setFailed).toHaveBeenCalledTimes(1)
    for (const id of ids) {
      expect(sim.requests.filter(r => r.workflowId === id).length).toBeLessThanOrEqual(
        workflowRequests(2)
      )
    }
    // At most max-retries waits per call (the first read, the change), whatever kind.
    expect(clock.sleeps.length).toBeLessThanOrEqual(ids.length * 2 * 2)
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(MAX_WAIT_MS)
  })

  it('reaches the formula exactly when every resume is an unanswered-looking 503 with the longest Retry-After and every check a 503', async () => {
    const clock = new FakeClock()
    useInputs({
      'workflow-id': 'wfl_1',
      'api-key': SIMULATOR_API_KEY,
      'api-url': await startSimulator(['wfl_1'], 'paused', () => 5000, clock),
      'max-retries': '2',
      'request-timeout': '5'
    })
    const unavailable = { type: 'error', status: 503, headers: { 'Retry-After': '600' } } as const
    // The first read gets through on its last attempt; everything after it fails. The checks
    // around the resume carry no Retry-After: one that did would hold the retry back, and the
    // retry would spend one of the call's waits on that instead of being sent.
    sim.injectFault({ action: 'get', fault: unavailable, times: 2 })
    sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 } })
    sim.injectFault({ action: 'resume', fault: unavailable, times: 1000 })
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 503 }, times: 1000 })
    const started = clock.now()
    await run({ clock, random: seededRandom() })
    expect(sim.requests.map(r => r.method)).toEqual([
      ...['GET', 'GET', 'GET'],
      ...['POST', 'GET', 'POST', 'GET', 'POST', 'GET']
    ])
    expect(clock.sleeps).toEqual([MAX_WAIT_MS, MAX_WAIT_MS, MAX_WAIT_MS, MAX_WAIT_MS])
    expect(clock.now() - started).toBe(4 * MAX_WAIT_MS + workflowRequests(2) * 5000)
  })

  it('adds wait-timeout once when waiting, however many workflows wait', async () => {
    const clock = new FakeClock()
    const started = clock.now()
    const waitTimeoutMs = 60_000
    // Polls are quick until the workflows pause late in the wait; from then on every request
    // is slow, and every resume fails.
    let failing = false
    const url = await startSimulator(ids, 'active', () => (failing ? 5000 : 0), clock)
    const inputs = useInputs({
      'workflow-id': ids.join(','),
      'api-key': SIMULATOR_API_KEY,
      'api-url': url,
      'wait-for-paused': 'true',
      'poll-interval': '10',
      'wait-timeout': String(waitTimeoutMs / 1000),
      'max-retries': '2',
      'request-timeout': '5',
      'max-parallel': '1'
    })
    const sleep = clock.sleep.bind(clock)
    clock.sleep = async (ms, signal) => {
      await sleep(ms, signal)
      if (!failing && clock.now() - started >= waitTimeoutMs - 15_000) {
        failing = true
        for (const id of ids) sim.setStatus(id, 'paused')
        sim.injectFault({ method: 'POST', fault: { type: 'error', status: 503 }, times: 1000 })
      }
    }
    await run({ clock, random: seededRandom() })

    const bound = stepWorstCaseMs(readInputs('resume', name => inputs[name] ?? ''))
    expect(bound).toBe(waitTimeoutMs + 3 * (4 * MAX_WAIT_MS + workflowRequests(2) * 5000))
    expect(sim.requestsFor('resume', 'wfl_1')).toHaveLength(3)
    expect(clock.now() - started).toBeLessThanOrEqual(bound)
  })
})

describe("the README's formula", () => {
  it('is the one the code bounds: 120 s per wait, 3 × max-retries + 3 requests', () => {
    const readme = readFileSync('README.md', 'utf8')
    expect(readme).toContain(
      'wait-timeout                                 (only with wait-for-paused: true)'
    )
    expect(readme).toContain('+ ⌈IDs ÷ max-parallel⌉ × ( 2 × max-retries × 120 s')
    expect(readme).toContain('+ (3 × max-retries + 3) × request-timeout )')
    expect(MAX_WAIT_MS).toBe(120_000)
    expect([0, 1, 3, 10].map(changeRequests)).toEqual([2, 4, 8, 22])
    expect([0, 1, 3, 10].map(workflowRequests)).toEqual([3, 6, 12, 33])
    const defaults = readInputs('resume', name => (name === 'workflow-id' ? 'wfl_1' : ''))
    // "With the defaults and one ID that is … 18 minutes, plus 10 minutes with wait-for-paused".
    expect(stepWorstCaseMs(defaults)).toBe(1_080_000)
    expect(stepWorstCaseMs({ ...defaults, waitForPaused: true })).toBe(1_680_000)
  })
})

describe('the shared rate-limit hold', () => {
  it('releases workflows held by one Retry-After spread out, not at once', async () => {
    const ids = ['wfl_1', 'wfl_2', 'wfl_3', 'wfl_4', 'wfl_5', 'wfl_6']
    const clock = new FakeClock()
    useInputs({
      'workflow-id': ids.join(','),
      'api-key': SIMULATOR_API_KEY,
      'api-url': await startSimulator(ids, 'paused', () => 0, clock),
      'max-parallel': '6'
    })
    sim.injectFault({ action: 'resume', fault: { type: 'rate-limit', retryAfter: '2' }, times: 6 })
    await run({ clock, random: seededRandom() })

    expect(sim.requestsFor('resume').map(r => r.statusCode)).toEqual([
      ...Array(6).fill(429),
      ...Array(6).fill(200)
    ])
    // Each waits at least the 2 s asked for, and is let go at its own point of the next second.
    expect(clock.sleeps).toHaveLength(6)
    for (const ms of clock.sleeps) {
      expect(ms).toBeGreaterThanOrEqual(2000)
      expect(ms).toBeLessThanOrEqual(3000)
    }
    expect(new Set(clock.sleeps).size).toBe(6)
    expect(Math.max(...clock.sleeps) - Math.min(...clock.sleeps)).toBeGreaterThanOrEqual(300)
  })
})
