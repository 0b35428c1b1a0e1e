import { DialNexaApiError } from '../src/api/retry.js'
import { CancelledError } from '../src/core/cancellation.js'
import {
  backoffDelay,
  DeadlineError,
  isTransient,
  HOLD_SPREAD_MS,
  parseRetryAfter,
  RetryPolicy,
  retryDelay,
  spreadHold,
  withRetries
} from '../src/api/retry.js'
import { FakeClock } from './helpers/fake-clock.js'

const policy: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 1000,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
  random: () => 0.5
}
const http = (statusCode: number, retryAfterMs?: number) =>
  new DialNexaApiError({ kind: 'http', workflowId: 'wfl_1', statusCode, retryAfterMs })

describe('isTransient', () => {
  it.each([429, 500, 502, 503, 504])('retries HTTP %i', code => {
    expect(isTransient(http(code))).toBe(true)
  })

  it.each([400, 401, 403, 404, 409, 422, 501])('never retries HTTP %i', code => {
    expect(isTransient(http(code))).toBe(false)
  })

  it('retries network failures and timeouts', () => {
    expect(isTransient(new DialNexaApiError({ kind: 'network', workflowId: 'w' }))).toBe(true)
    expect(isTransient(new DialNexaApiError({ kind: 'timeout', workflowId: 'w' }))).toBe(true)
  })

  it('never retries a network failure marked final, or a refused redirect', () => {
    expect(
      isTransient(new DialNexaApiError({ kind: 'network', workflowId: 'w', retryable: false }))
    ).toBe(false)
    expect(isTransient(new DialNexaApiError({ kind: 'redirect', workflowId: 'w' }))).toBe(false)
  })

  it('retries a gateway HTML page on 5xx but not a non-JSON 2xx', () => {
    const page = (statusCode: number) =>
      new DialNexaApiError({ kind: 'invalid-response', workflowId: 'w', statusCode })
    expect(isTransient(page(502))).toBe(true)
    expect(isTransient(page(200))).toBe(false)
  })

  it('does not retry unknown errors or cancellation', () => {
    expect(isTransient(new Error('boom'))).toBe(false)
    expect(isTransient(new CancelledError())).toBe(false)
  })
})

describe('backoffDelay', () => {
  it('doubles per retry, with jitter between half and the whole step', () => {
    expect(backoffDelay(0, { ...policy, random: () => 0 })).toBe(500)
    expect(backoffDelay(0, { ...policy, random: () => 0.999999 })).toBe(1000)
    expect(backoffDelay(1, policy)).toBe(1500)
    expect(backoffDelay(2, policy)).toBe(3000)
  })

  it('caps the step', () => {
    expect(backoffDelay(10, { ...policy, random: () => 0.999999 })).toBe(8000)
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-29T10:00:00Z')

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
  })

  it('reads decimal seconds', () => {
    expect(parseRetryAfter('1.5', now)).toBe(1500)
    expect(parseRetryAfter('0.25', now)).toBe(250)
    expect(parseRetryAfter('.5', now)).toBe(500)
    expect(parseRetryAfter('2.', now)).toBe(2000)
  })

  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Sun, 29 Nov 2026 10:00:30 GMT', now)).toBe(30_000)
  })

  it('treats a date in the past as no wait', () => {
    expect(parseRetryAfter('Sun, 29 Nov 2026 09:00:00 GMT', now)).toBe(0)
  })

  it.each([undefined, '', '-3', '-1.5', '1e3', '.', 'soon', '12abc'])('ignores %j', value => {
    expect(parseRetryAfter(value, now)).toBeUndefined()
  })
})

describe('spreadHold', () => {
  it('waits at least the hold, spread over half of it, at most HOLD_SPREAD_MS more', () => {
    expect(spreadHold(2000, () => 0)).toBe(2000)
    expect(spreadHold(2000, () => 0.5)).toBe(2500)
    expect(spreadHold(2000, () => 0.999999)).toBe(3000)
    expect(spreadHold(60_000, () => 0.999999)).toBe(60_000 + HOLD_SPREAD_MS)
  })
})

describe('retryDelay', () => {
  it('waits the larger of Retry-After and the back-off, spreading a Retry-After', () => {
    // Retry-After 5 s beats the first back-off (750 ms): 5 s plus a spread of 0.5 * 2 s.
    expect(retryDelay(http(429, 5000), 0, policy)).toBe(6000)
    // Retry-After 0 does not mean "at once": the back-off still applies.
    expect(retryDelay(http(429, 0), 0, policy)).toBe(750)
    expect(retryDelay(http(503, 0), 2, policy)).toBe(3000)
    // A back-off longer than Retry-After wins.
    expect(retryDelay(http(503, 1000), 2, policy)).toBe(3000)
  })

  it('caps the wait, spread included', () => {
    expect(retryDelay(http(429, 3_600_000), 0, policy)).toBe(60_000)
    expect(retryDelay(http(429, 59_000), 0, { ...policy, random: () => 0.999999 })).toBe(60_000)
  })

  it('backs off when Retry-After is absent', () => {
    expect(retryDelay(http(429), 1, policy)).toBe(1500)
  })

  it("waits out the key's hold when it is longer than both", () => {
    expect(retryDelay(http(503), 0, policy, 8000)).toBe(9000)
  })
})

describe('withRetries', () => {
  it('retries transient failures up to maxRetries, then throws the last one', async () => {
    const clock = new FakeClock()
    let calls = 0
    const attempt = async () => {
      calls++
      throw http(503)
    }
    await expect(withRetries(attempt, { policy, clock })).rejects.toMatchObject({
      failure: { statusCode: 503 }
    })
    expect(calls).toBe(4)
    expect(clock.sleeps).toEqual([750, 1500, 3000])
  })

  it('returns as soon as an attempt succeeds and reports each retry', async () => {
    const clock = new FakeClock()
    const failures = [http(502), http(429, 2000)]
    const retries: Array<[number, number]> = []
    const result = await withRetries(
      async () => {
        const failure = failures.shift()
        if (failure) throw failure
        return 'ok'
      },
      { policy, clock, onWait: (_e, delay, n) => retries.push([delay, n]) }
    )
    expect(result).toBe('ok')
    expect(retries).toEqual([
      [750, 1],
      [2500, 2]
    ])
  })

  it('does not retry a permanent failure', async () => {
    const clock = new FakeClock()
    let calls = 0
    await expect(
      withRetries(
        async () => {
          calls++
          throw http(404)
        },
        { policy, clock }
      )
    ).rejects.toMatchObject({ failure: { statusCode: 404 } })
    expect(calls).toBe(1)
    expect(clock.sleeps).toEqual([])
  })

  it('makes no retry at all with maxRetries 0', async () => {
    let calls = 0
    await expect(
      withRetries(
        async () => {
          calls++
          throw http(500)
        },
        { policy: { ...policy, maxRetries: 0 }, clock: new FakeClock() }
      )
    ).rejects.toMatchObject({ failure: { statusCode: 500 } })
    expect(calls).toBe(1)
  })

  it('never sleeps past the deadline', async () => {
    const clock = new FakeClock()
    const deadline = clock.now() + 2000
    const error = await withRetries(
      async () => {
        throw http(429, 5000)
      },
      { policy, clock, deadline }
    ).catch(e => e)
    expect(error).toBeInstanceOf(DeadlineError)
    expect((error as DeadlineError).lastError).toMatchObject({ failure: { statusCode: 429 } })
    expect(clock.sleeps).toEqual([])
    expect(clock.now()).toBeLessThanOrEqual(deadline)
  })

  it.each([0, 3])(
    'ends with a DeadlineError when the deadline cut the attempt short (max-retries %i)',
    async maxRetries => {
      const cut = new DialNexaApiError({ kind: 'timeout', workflowId: 'w', cutByDeadline: true })
      let calls = 0
      const error = await withRetries(
        async () => {
          calls++
          throw cut
        },
        { policy: { ...policy, maxRetries }, clock: new FakeClock() }
      ).catch(e => e)
      expect(error).toBeInstanceOf(DeadlineError)
      expect((error as DeadlineError).lastError).toBe(cut)
      expect(calls).toBe(1)
    }
  )

  describe("with the key's rate-limit hold", () => {
    const failing = () => {
      const calls: number[] = []
      const clock = new FakeClock()
      const attempt = async () => {
        calls.push(clock.now())
        throw http(503)
      }
      return { calls, clock, attempt }
    }

    it('counts a hold as one of the maxRetries waits', async () => {
      const { calls, clock, attempt } = failing()
      const holds = [4000, 0, 0]
      const waits: string[] = []
      const error = await withRetries(attempt, {
        policy: { ...policy, maxRetries: 2 },
        clock,
        holdMs: () => holds.shift() ?? 0,
        onWait: (e, delay, n) => waits.push(`${e ? 'retry' : 'hold'} ${n}: ${delay}`)
      }).catch(e => e)
      // Both kinds of wait are numbered in one sequence, so a log never skips a number.
      expect(waits).toEqual(['hold 1: 5000', 'retry 2: 750'])
      expect(error).toMatchObject({ failure: { statusCode: 503 } })
      // The hold (4 s, spread by 0.5 * 2 s) and one back-off: two waits, two attempts.
      expect(clock.sleeps).toEqual([5000, 750])
      expect(calls).toHaveLength(2)
    })

    it('sends a held request at once when no wait is left', async () => {
      const { calls, clock, attempt } = failing()
      await expect(
        withRetries(attempt, { policy: { ...policy, maxRetries: 0 }, clock, holdMs: () => 9000 })
      ).rejects.toMatchObject({ failure: { statusCode: 503 } })
      expect(clock.sleeps).toEqual([])
      expect(calls).toHaveLength(1)
    })

    it('after a failure, waits once for the longer of the hold and the back-off', async () => {
      const clock = new FakeClock()
      let openAt = 0
      let calls = 0
      const attempt = async () => {
        calls++
        // As the gate does when an answer says the key's budget is spent for 6 s.
        openAt = clock.now() + 6000
        throw http(503)
      }
      await expect(
        withRetries(attempt, {
          policy: { ...policy, maxRetries: 1 },
          clock,
          holdMs: () => Math.max(0, openAt - clock.now())
        })
      ).rejects.toMatchObject({ failure: { statusCode: 503 } })
      // 6 s spread by 0.5 * 2 s; the retry then goes without a second wait for the same hold.
      expect(clock.sleeps).toEqual([7000])
      expect(calls).toBe(2)
    })

    it('fails with a DeadlineError rather than hold past the deadline', async () => {
      const { calls, clock, attempt } = failing()
      const error = await withRetries(attempt, {
        policy,
        clock,
        deadline: clock.now() + 10_000,
        holdMs: () => 30_000
      }).catch(e => e)
      expect(error).toBeInstanceOf(DeadlineError)
      expect(clock.sleeps).toEqual([])
      expect(calls).toEqual([])
    })
  })

  it('stops when cancelled', async () => {
    const controller = new AbortController()
    const clock = new FakeClock()
    let calls = 0
    const result = withRetries(
      async () => {
        calls++
        controller.abort()
        throw http(503)
      },
      { policy, clock, signal: controller.signal }
    )
    await expect(result).rejects.toBeInstanceOf(CancelledError)
    expect(calls).toBe(1)
  })
})
