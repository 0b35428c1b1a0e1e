import { DialNexaSimulator } from '../simulator/simulator.js'
import { awaitWindow, HoursGuard } from '../src/workflow/hours-gate.js'
import { RESUME_STEP } from '../src/workflow/policy.js'
import { RunEvent, runWorkflow } from '../src/workflow/run.js'
import { clientFor } from './helpers/client.js'
import { FakeClock } from './helpers/fake-clock.js'

/** The calling-hours guard on the fake clock: checked right before the resume, never before. */

// Monday 2026-12-07 12:00 UTC.
const MONDAY_NOON = Date.UTC(2026, 11, 7, 12, 0)
const MINUTE = 60_000
const weekdays = (start: number, end: number) => ({
  rules: [{ days: [1, 2, 3, 4, 5] as (1 | 2 | 3 | 4 | 5)[], startMin: start, endMin: end }],
  timeZone: 'UTC',
  closedDates: []
})
const guard = (over: Partial<HoursGuard> = {}): HoursGuard => ({
  hours: weekdays(13 * 60, 21 * 60),
  outside: 'wait',
  deadline: MONDAY_NOON + 120 * MINUTE,
  ...over
})

describe('awaitWindow', () => {
  it('passes at once when the window is open', async () => {
    const clock = new FakeClock(MONDAY_NOON + 90 * MINUTE)
    await expect(
      awaitWindow(guard(), clock, new AbortController().signal, () => {})
    ).resolves.toBeUndefined()
    expect(clock.sleeps).toEqual([])
  })

  it('waits until the window opens, in progress steps of at most 30 s', async () => {
    const clock = new FakeClock(MONDAY_NOON)
    const events: number[] = []
    await expect(
      awaitWindow(guard(), clock, new AbortController().signal, e => events.push(e.leftMs))
    ).resolves.toBeUndefined()
    expect(clock.now()).toBe(MONDAY_NOON + 60 * MINUTE)
    expect(Math.max(...clock.sleeps)).toBe(30_000)
    expect(events[0]).toBe(60 * MINUTE)
    expect(events).toHaveLength(120)
  })

  it('fails with the next opening when the window opens after the budget', async () => {
    const clock = new FakeClock(MONDAY_NOON)
    const end = await awaitWindow(
      guard({ deadline: MONDAY_NOON + 59 * MINUTE }),
      clock,
      new AbortController().signal,
      () => {}
    )
    expect(end).toEqual({
      kind: 'outside-hours',
      opensAt: MONDAY_NOON + 60 * MINUTE,
      skipped: false
    })
    expect(clock.sleeps).toEqual([])
  })

  it('skips without waiting with outside: skip', async () => {
    const clock = new FakeClock(MONDAY_NOON)
    const end = await awaitWindow(
      guard({ outside: 'skip' }),
      clock,
      new AbortController().signal,
      () => {}
    )
    expect(end).toEqual({
      kind: 'outside-hours',
      opensAt: MONDAY_NOON + 60 * MINUTE,
      skipped: true
    })
  })
})

describe('runWorkflow with calling hours', () => {
  let sim: DialNexaSimulator
  let url: string
  beforeEach(async () => {
    sim = new DialNexaSimulator({ workflows: [{ id: 'wfl_w', status: 'active' }] })
    url = await sim.start()
  })
  afterEach(() => sim.stop())

  it('checks right before the resume: a wait for paused that ends after the window does not resume', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 7, 20, 50))
    const { client } = clientFor(url, { clock })
    // Paused at 21:05, after the window closed at 21:00: the step started inside it.
    const sleep = clock.sleep.bind(clock)
    clock.sleep = async (ms, signal) => {
      await sleep(ms, signal)
      if (clock.now() >= Date.UTC(2026, 11, 7, 21, 5)) sim.setStatus('wfl_w', 'paused')
    }
    const events: RunEvent[] = []
    const outcome = await runWorkflow('wfl_w', {
      policy: RESUME_STEP,
      client,
      clock,
      signal: new AbortController().signal,
      ignoreConflict: false,
      waitFirst: { pollIntervalMs: 60_000, deadline: clock.now() + 30 * MINUTE },
      hours: guard({ outside: 'fail', deadline: clock.now() + 30 * MINUTE }),
      onEvent: e => events.push(e)
    })
    expect(outcome.end).toEqual({
      kind: 'outside-hours',
      opensAt: Date.UTC(2026, 11, 8, 13, 0),
      skipped: false
    })
    expect(sim.requestsFor('resume')).toEqual([])
  })

  it('sends nothing in a dry run and says a real run would resume it now', async () => {
    sim.setStatus('wfl_w', 'paused')
    const clock = new FakeClock(MONDAY_NOON)
    const { client } = clientFor(url, { clock })
    const outcome = await runWorkflow('wfl_w', {
      policy: RESUME_STEP,
      client,
      clock,
      signal: new AbortController().signal,
      ignoreConflict: false,
      dryRun: true,
      hours: guard()
    })
    expect(outcome.end).toEqual({
      kind: 'preview',
      would: 'change',
      shut: true,
      opensAt: MONDAY_NOON + 60 * MINUTE
    })
    expect(sim.requests.map(r => r.action)).toEqual(['get'])
  })
})
