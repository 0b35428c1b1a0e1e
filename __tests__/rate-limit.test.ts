import { parseReset, RateLimitGate } from '../src/api/rate-limit.js'
import { FakeClock } from './helpers/fake-clock.js'

describe('RateLimitGate', () => {
  it('holds nothing while the budget lasts', () => {
    const clock = new FakeClock()
    const gate = new RateLimitGate(clock, 60_000)
    gate.observe({
      'x-ratelimit-remaining': '5',
      'x-ratelimit-reset': String(clock.now() / 1000 + 30)
    })
    expect(gate.holdMs()).toBe(0)
  })

  it('holds until the reset when the budget is spent, and no longer', () => {
    const clock = new FakeClock(1_700_000_000_000)
    const gate = new RateLimitGate(clock, 60_000)
    gate.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000012' })
    expect(gate.holdMs()).toBe(12_000)
    clock.advance(12_000)
    expect(gate.holdMs()).toBe(0)
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
    gate.observe({ 'retry-after': '5' }, 429)
    expect(gate.holdMs()).toBe(5000)
  })

  it('never shortens a hold it already has', () => {
    const clock = new FakeClock()
    const gate = new RateLimitGate(clock, 60_000)
    gate.observe({ 'retry-after': '5' }, 429)
    gate.observe({ 'retry-after': '1' }, 503)
    expect(gate.holdMs()).toBe(5000)
  })

  it('ignores missing or malformed headers', () => {
    const clock = new FakeClock()
    const gate = new RateLimitGate(clock, 60_000)
    gate.observe({ 'x-ratelimit-remaining': '0' })
    gate.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': 'soon' })
    gate.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '-5' })
    expect(gate.holdMs()).toBe(0)
  })

  it('holds 12 s for a reset in epoch milliseconds, not the 2-minute cap', () => {
    const clock = new FakeClock(1_700_000_000_000)
    const gate = new RateLimitGate(clock, 120_000)
    gate.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000012000' })
    expect(gate.holdMs()).toBe(12_000)
  })
})

describe('parseReset tells the three forms apart by magnitude', () => {
  const now = 1_700_000_000_000

  it.each([
    ['epoch seconds', '1700000005', now + 5000],
    ['epoch seconds with a fraction', '1700000005.5', now + 5500],
    ['epoch milliseconds', '1700000005000', now + 5000],
    ['seconds from now', '5', now + 5000],
    ['seconds from now, decimal', '0.25', now + 250],
    ['a long delta, still seconds from now', '86400', now + 86_400_000],
    ['an epoch-seconds reset in the past', '1699999990', now - 10_000],
    ['an epoch-milliseconds reset in the past', '1699999990000', now - 10_000]
  ])('reads %s', (_form, value, expected) => {
    expect(parseReset(value, now)).toBe(expected)
  })

  it.each([undefined, '', '-5', 'soon', '1e12', '5s'])('ignores %j', value => {
    expect(parseReset(value, now)).toBeUndefined()
  })
})
