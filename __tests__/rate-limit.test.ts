import { parseReset, RateLimitGate } from '../src/rate-limit.js'
import { DeadlineError } from '../src/retry.js'
import { FakeClock } from './helpers/fake-clock.js'

describe('RateLimitGate', () => {
  it('lets requests through while the budget lasts', async () => {
    const clock = new FakeClock()
    const gate = new RateLimitGate(clock, 60_000)
    gate.observe({
      'x-ratelimit-remaining': '5',
      'x-ratelimit-reset': String(clock.now() / 1000 + 30)
    })
    await gate.waitTurn()
    expect(clock.sleeps).toEqual([])
  })

  it('holds the next request until the reset when the budget is spent', async () => {
    const clock = new FakeClock(1_700_000_000_000)
    const gate = new RateLimitGate(clock, 60_000)
    gate.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000012' })
    expect(gate.holdMs()).toBe(12_000)
    await gate.waitTurn()
    expect(clock.sleeps).toEqual([12_000])
    await gate.waitTurn()
    expect(clock.sleeps).toEqual([12_000])
  })

  it('caps the hold', () => {
    const clock = new FakeClock(1_700_000_000_000)
    const gate = new RateLimitGate(clock, 60_000)
    gate.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700086400' })
    expect(gate.holdMs()).toBe(60_000)
  })

  it('holds for a Retry-After it is told about', () => {
    const clock = new FakeClock()
    const gate = new RateLimitGate(clock, 60_000)
    gate.observe({}, 5000)
    expect(gate.holdMs()).toBe(5000)
  })

  it('never waits past a deadline', async () => {
    const clock = new FakeClock(1_700_000_000_000)
    const gate = new RateLimitGate(clock, 60_000)
    gate.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000030' })
    await expect(gate.waitTurn(undefined, clock.now() + 10_000)).rejects.toBeInstanceOf(
      DeadlineError
    )
    expect(clock.sleeps).toEqual([])
  })

  it('ignores missing or malformed headers', () => {
    const clock = new FakeClock()
    const gate = new RateLimitGate(clock, 60_000)
    gate.observe({ 'x-ratelimit-remaining': '0' })
    gate.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': 'soon' })
    expect(gate.holdMs()).toBe(0)
  })
})

describe('parseReset', () => {
  it('reads a Unix time in seconds, or a small number as seconds from now', () => {
    expect(parseReset('1700000005', 1_700_000_000_000)).toBe(1_700_000_005_000)
    expect(parseReset('5', 1_700_000_000_000)).toBe(1_700_000_005_000)
    expect(parseReset('-5', 0)).toBeUndefined()
    expect(parseReset(undefined, 0)).toBeUndefined()
  })
})
