import { DialNexaApiError } from '../src/api/errors.js'
import { CancelledError } from '../src/core/cancellation.js'
import { changeStatus } from '../src/workflow/change.js'
import { PAUSE, RESUME } from '../src/core/verb.js'
import { Action, DialNexaSimulator } from '../simulator/simulator.js'
import { clientFor } from './helpers/client.js'

let sim: DialNexaSimulator
let url: string

beforeEach(async () => {
  sim = new DialNexaSimulator({
    workflows: [
      { id: 'wfl_p', name: 'Nurture', status: 'paused', enrolled_leads: 12 },
      { id: 'wfl_a', name: 'Busy', status: 'active', enrolled_leads: 3 },
      { id: 'wfl_c', title: 'Old', status: 'cancelled' }
    ]
  })
  url = await sim.start()
})
afterEach(() => sim.stop())

describe('changeStatus with the resume verb', () => {
  it('resumes a paused workflow with one request', async () => {
    const { client, clock } = clientFor(url)
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toEqual({
      result: 'resumed',
      confirmedBy: 'answer',
      record: { id: 'wfl_p', name: 'Nurture', status: 'active', enrolledLeads: 12 },
      sentAt: clock.now()
    })
    expect(sim.requests.map(r => r.action)).toEqual(['resume'])
  })

  it('reports a conflict with the current record from a follow-up GET', async () => {
    const { client } = clientFor(url)
    await expect(changeStatus(client, RESUME, 'wfl_a')).resolves.toEqual({
      result: 'conflict',
      currentStatus: 'active',
      record: { id: 'wfl_a', name: 'Busy', status: 'active', enrolledLeads: 3 }
    })
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get'])
  })

  it('reports the final status of a cancelled workflow as a conflict', async () => {
    const { client } = clientFor(url)
    await expect(changeStatus(client, RESUME, 'wfl_c')).resolves.toMatchObject({
      result: 'conflict',
      currentStatus: 'cancelled'
    })
  })

  it.each([
    ['a 502 after the resume took effect', { type: 'error-after-apply', status: 502 } as const],
    ['a reset after the resume took effect', { type: 'reset', afterApply: true } as const]
  ])('treats %s as resumed after reading the workflow back', async (_what, fault) => {
    sim.injectFault({ action: 'resume', fault })
    const { client } = clientFor(url)
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      result: 'resumed',
      confirmedBy: 'read-back',
      record: { status: 'active' }
    })
    // Checked before retrying, so the resume was sent only once.
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get'])
  })

  // A CDN's 52x, or a 507, is no answer from the API about the resume: it may have applied it.
  it.each([520, 522, 524, 507])(
    'reads the workflow back after a %i, a server error it does not retry, and reports the resume it shows',
    async status => {
      sim.injectFault({ action: 'resume', fault: { type: 'error-after-apply', status } })
      const { client } = clientFor(url)
      await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
        result: 'resumed',
        confirmedBy: 'read-back',
        record: { status: 'active' }
      })
      expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get'])
    }
  )

  it('reads the workflow back after an answer it cannot parse, and reports the resume it shows', async () => {
    // The first read was answered in HTTP: a garbled answer now came after the resume was sent.
    sim.injectFault({ action: 'resume', fault: { type: 'garbled', afterApply: true } })
    const { client } = clientFor(url)
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      result: 'resumed',
      confirmedBy: 'read-back',
      record: { status: 'active' }
    })
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get'])
  })

  it('keeps the 524 as the failure when reading back shows the resume did not apply', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 524 } })
    const { client } = clientFor(url)
    const error = await changeStatus(client, RESUME, 'wfl_p').catch(e => e)
    expect(error).toBeInstanceOf(DialNexaApiError)
    expect(error.statusCode).toBe(524)
    // Not retried, but read back: only a read can say whether a server error hid a resume.
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get'])
  })

  it('treats a timeout after the resume took effect as resumed', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'hang-after-apply' } })
    // Long enough for the read-back's answer on a busy machine, which must not be cut too.
    const { client } = clientFor(url, { requestTimeoutMs: 1000 })
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      result: 'resumed',
      confirmedBy: 'read-back'
    })
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get'])
  })

  it('retries the resume when the check shows it did not take effect', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 503 } })
    const { client } = clientFor(url)
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      result: 'resumed',
      confirmedBy: 'answer'
    })
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get', 'resume'])
  })

  it('says a read-back follows the wait once an attempt went unanswered, and a resend before', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'rate-limit', retryAfter: '1' } })
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 503 } })
    sim.injectFault({ action: 'resume', fault: { type: 'rate-limit', retryAfter: '1' } })
    const nexts: string[] = []
    const { client } = clientFor(url, {
      onRetry: (_error, _delay, _n, request, next) => nexts.push(`${request}: ${next}`)
    })
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      result: 'resumed'
    })
    // A 429 was refused outright: the resend comes next. After the 503 the resume may have
    // applied, and it may still until a read shows it, so every later attempt starts with one.
    expect(nexts).toEqual([
      'the resume request: send',
      'the resume request: check-then-send',
      'the resume request: check-then-send'
    ])
    expect(sim.requests.map(r => `${r.action}:${r.statusCode}`)).toEqual([
      'resume:429',
      'resume:503',
      'get:200',
      'resume:429',
      'get:200',
      'resume:200'
    ])
  })

  it('treats a 409 on the retry as resumed when the workflow is active now', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error-after-apply', status: 500 } })
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 500 } })
    const { client } = clientFor(url)
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      result: 'resumed',
      confirmedBy: 'read-back',
      record: { status: 'active' }
    })
    expect(sim.requests.map(r => `${r.action}:${r.statusCode}`)).toEqual([
      'resume:500',
      'get:500',
      'resume:409',
      'get:200'
    ])
  })

  it('checks once more when every retry of an unanswered resume failed', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error-after-apply', status: 504 } })
    const { client } = clientFor(url, { maxRetries: 0 })
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      result: 'resumed'
    })
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get'])
  })

  it('retries a 429 without a check, since the API refused it outright', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'rate-limit', retryAfter: '1' } })
    const { client, clock } = clientFor(url)
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      result: 'resumed'
    })
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'resume'])
    expect(clock.sleeps).toEqual([1250])
  })

  it('fails after retries when the workflow never resumed', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 503 }, times: 10 })
    const { client } = clientFor(url, { maxRetries: 1 })
    const error = await changeStatus(client, RESUME, 'wfl_p').catch(e => e)
    expect(error).toBeInstanceOf(DialNexaApiError)
    expect(error.statusCode).toBe(503)
    expect(sim.workflow('wfl_p')?.status).toBe('paused')
  })

  it.each([
    ['120', 120_000],
    ['5', 5000]
  ])(
    'makes one wait with max-retries 1 when everything answers 503 Retry-After %s',
    async (retryAfter, retryAfterMs) => {
      const unavailable = { type: 'error', status: 503, headers: { 'Retry-After': retryAfter } }
      sim.injectFault({ fault: unavailable as never, times: 100 })
      const { client, clock } = clientFor(url, { maxRetries: 1 })
      const started = clock.now()
      const outcome = await changeStatus(client, RESUME, 'wfl_p')
      // Every resume and every read went unanswered: it may have been resumed, and says so.
      expect(outcome).toMatchObject({ result: 'unknown', cause: 'unanswered' })
      expect(outcome.result === 'unknown' && (outcome.error as DialNexaApiError).statusCode).toBe(
        503
      )
      // The reads around the uncertain resume wait for nothing: one wait in all.
      expect(clock.sleeps).toEqual([
        Math.min(120_000, retryAfterMs + Math.min(retryAfterMs / 4, 1000))
      ])
      expect(clock.now() - started).toBe(clock.sleeps[0])
      expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get', 'resume', 'get'])
    }
  )

  it('waits as the check before a retry was told before sending the retry', async () => {
    // The resume went unanswered; the check before its retry was answered 429 Retry-After 30.
    sim.injectFault({ action: 'resume', fault: { type: 'reset' } })
    sim.injectFault({ action: 'get', fault: { type: 'rate-limit', retryAfter: '30' } })
    const { client, clock } = clientFor(url, { maxRetries: 2 })
    const sentAt: number[] = []
    sim.requests.push = (...records) => {
      sentAt.push(clock.now())
      return Array.prototype.push.apply(sim.requests, records)
    }
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      result: 'resumed'
    })
    expect(sim.requests.map(r => `${r.action}:${r.statusCode}`)).toEqual([
      'resume:0',
      'get:429',
      'resume:200'
    ])
    // The retry left at least the 30 s the API asked for after the check, and it was one of
    // the call's max-retries waits.
    expect(sentAt[2]! - sentAt[1]!).toBeGreaterThanOrEqual(30_000)
    expect(clock.sleeps).toHaveLength(2)
  })

  it('reads the workflow once after a 409, with no waits of its own', async () => {
    sim.injectFault({ action: 'get', fault: { type: 'rate-limit', retryAfter: '30' }, times: 5 })
    const { client, clock } = clientFor(url)
    await expect(changeStatus(client, RESUME, 'wfl_a')).resolves.toMatchObject({
      result: 'conflict',
      currentStatus: undefined
    })
    expect(sim.requests.map(r => `${r.action}:${r.statusCode}`)).toEqual(['resume:409', 'get:429'])
    expect(clock.sleeps).toEqual([])
  })

  it('does not count a 2xx whose record is not active as a resume', async () => {
    sim.injectFault({
      action: 'resume',
      fault: { type: 'raw', status: 200, body: '{"id":"wfl_p","status":"paused"}' }
    })
    const { client } = clientFor(url)
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toEqual({
      result: 'not-applied',
      record: { id: 'wfl_p', status: 'paused' }
    })
    expect(sim.requests.map(r => r.action)).toEqual(['resume'])
  })

  it.each([
    ['204 without a body', 204, ''],
    ['200 with an empty body', 200, ''],
    ['200 with JSON but no record', 200, '{"ok":true}']
  ])('reads the workflow back after a %s that took effect', async (_what, status, body) => {
    sim.injectFault({ action: 'resume', fault: { type: 'raw', status, body, afterApply: true } })
    const { client } = clientFor(url)
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      result: 'resumed',
      confirmedBy: 'read-back-after-recordless-answer',
      record: { status: 'active', name: 'Nurture' }
    })
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get'])
  })

  it('reports a record-less 2xx that did not take effect by what the read-back shows', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'raw', status: 204, body: '' } })
    const { client } = clientFor(url)
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      result: 'not-applied',
      recordlessCode: 204,
      record: { status: 'paused' }
    })
    expect(sim.requestsFor('resume')).toHaveLength(1)
  })

  it('cannot tell after a record-less 2xx whose read-back fails', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'raw', status: 204, body: '' } })
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 403 } })
    const { client } = clientFor(url)
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      result: 'unknown',
      cause: 'recordless-answer'
    })
  })

  it('cannot tell when every attempt went unanswered and reading it back fails too', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 502 } })
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 500 } })
    const { client } = clientFor(url, { maxRetries: 0 })
    const outcome = await changeStatus(client, RESUME, 'wfl_p')
    expect(outcome).toMatchObject({ result: 'unknown', cause: 'unanswered' })
    expect(outcome.result === 'unknown' && (outcome.error as DialNexaApiError).statusCode).toBe(502)
  })

  it('fails at once on 404 without retrying', async () => {
    const { client } = clientFor(url)
    const error = await changeStatus(client, RESUME, 'wfl_gone').catch(e => e)
    expect(error.statusCode).toBe(404)
    expect(sim.requests).toHaveLength(1)
  })
})

describe('changeStatus when the job is cancelled with the resume in flight', () => {
  /**
   * A signal aborted once the `count`th request for `action` has arrived: the point the test
   * means, however long a busy machine takes to reach it, where a timer would guess.
   */
  const abortOnArrival = (action: Action, count = 1) => {
    const controller = new AbortController()
    void sim.arrival(action, undefined, count).then(() => controller.abort())
    return controller.signal
  }

  it('waits briefly for the answer, and reports the resume it confirms', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'delay', ms: 400 } })
    const { client } = clientFor(url, { signal: abortOnArrival('resume') })
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      result: 'resumed',
      confirmedBy: 'answer'
    })
    expect(sim.requests.map(r => r.action)).toEqual(['resume'])
  })

  it('checks once when no answer came, and reports a resume the check shows', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'hang-after-apply' } })
    const { client } = clientFor(url, { signal: abortOnArrival('resume') })
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      result: 'resumed',
      confirmedBy: 'check-after-cancel',
      record: { status: 'active' }
    })
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get'])
  })

  it('reports not resumed when the check shows it still paused', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'hang' } })
    const { client } = clientFor(url, { signal: abortOnArrival('resume') })
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toEqual({
      result: 'cancelled',
      record: { id: 'wfl_p', name: 'Nurture', status: 'paused', enrolledLeads: 12 }
    })
  })

  it('says it may have been resumed when the check, bounded, gets no answer', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'hang-after-apply' } })
    sim.injectFault({ action: 'get', fault: { type: 'hang' } })
    const { client } = clientFor(url, {
      signal: abortOnArrival('resume'),
      requestTimeoutMs: 10_000
    })
    const started = Date.now()
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      result: 'unknown',
      cause: 'cancelled'
    })
    // The grace for the answer (1 s), then the bounded check (1.5 s): never the 10 s
    // request-timeout, which would make it 11 s.
    expect(Date.now() - started).toBeLessThan(6000)
  })

  it('checks after a cancellation during the back-off that follows an unanswered attempt', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error-after-apply', status: 502 } })
    const controller = new AbortController()
    const { client, clock } = clientFor(url, { signal: controller.signal })
    clock.sleep = async () => {
      controller.abort()
      throw new CancelledError()
    }
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      result: 'resumed',
      confirmedBy: 'check-after-cancel'
    })
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get'])
  })

  it('makes the bounded check when the cancellation cuts off the read after a 409', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 503 } })
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 409 } })
    sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 } })
    sim.injectFault({ action: 'get', fault: { type: 'hang' } })
    // Cancelled once the read after the 409, the one that hangs, has arrived.
    const { client } = clientFor(url, { signal: abortOnArrival('get', 2) })
    // Without the check, the cut-off read left only "may have been resumed".
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      result: 'conflict',
      currentStatus: 'paused'
    })
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get', 'resume', 'get', 'get'])
  })

  it('makes the bounded check when the cancellation cuts off the last read-back', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error-after-apply', status: 503 } })
    sim.injectFault({ action: 'get', fault: { type: 'hang' } })
    const { client } = clientFor(url, { signal: abortOnArrival('get'), maxRetries: 0 })
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      result: 'resumed',
      confirmedBy: 'check-after-cancel',
      record: { status: 'active' }
    })
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get', 'get'])
  })

  it('reports not resumed when the check after a cut-off read-back shows it still paused', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 503 } })
    sim.injectFault({ action: 'get', fault: { type: 'hang' } })
    const { client } = clientFor(url, { signal: abortOnArrival('get'), maxRetries: 0 })
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      result: 'cancelled',
      record: { status: 'paused' }
    })
  })

  it('says nothing was sent when cancelled before the request left', async () => {
    const controller = new AbortController()
    controller.abort()
    const { client } = clientFor(url, { signal: controller.signal })
    const error = await changeStatus(client, RESUME, 'wfl_p').catch(e => e)
    expect(error).toBeInstanceOf(CancelledError)
    expect(error.requestSent).toBe(false)
    expect(sim.requests).toEqual([])
  })
})

describe('changeStatus with the pause verb', () => {
  it('pauses an active workflow with one POST to /pause', async () => {
    const { client, clock } = clientFor(url)
    await expect(changeStatus(client, PAUSE, 'wfl_a')).resolves.toEqual({
      result: 'paused',
      confirmedBy: 'answer',
      record: { id: 'wfl_a', name: 'Busy', status: 'paused', enrolledLeads: 3 },
      sentAt: clock.now()
    })
    expect(sim.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/workflows/wfl_a/pause'
    ])
  })

  it('pauses the legacy running status too', async () => {
    sim.addWorkflow({ id: 'wfl_r', status: 'running' })
    const { client } = clientFor(url)
    await expect(changeStatus(client, PAUSE, 'wfl_r')).resolves.toMatchObject({
      result: 'paused',
      record: { status: 'paused' }
    })
  })

  it('reports a paused workflow as a conflict with its current status', async () => {
    const { client } = clientFor(url)
    await expect(changeStatus(client, PAUSE, 'wfl_p')).resolves.toMatchObject({
      result: 'conflict',
      currentStatus: 'paused'
    })
    expect(sim.requests.map(r => r.action)).toEqual(['pause', 'get'])
  })

  it('treats a 502 after the pause took effect as paused, read back before any retry', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'error-after-apply', status: 502 } })
    const { client } = clientFor(url)
    await expect(changeStatus(client, PAUSE, 'wfl_a')).resolves.toMatchObject({
      result: 'paused',
      confirmedBy: 'read-back',
      record: { status: 'paused' }
    })
    expect(sim.requests.map(r => r.action)).toEqual(['pause', 'get'])
  })

  it('does not count an active read-back as paused: it retries the pause', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'error', status: 503 } })
    const { client } = clientFor(url)
    await expect(changeStatus(client, PAUSE, 'wfl_a')).resolves.toMatchObject({
      result: 'paused',
      confirmedBy: 'answer'
    })
    expect(sim.requests.map(r => r.action)).toEqual(['pause', 'get', 'pause'])
  })
})

describe('a change whose outcome stays unknown', () => {
  it('is unknown when the answer was lost and the read-back failed too', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'error-after-apply', status: 503 } })
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 503 } })
    const { client } = clientFor(url, { maxRetries: 0 })
    await expect(changeStatus(client, PAUSE, 'wfl_a')).resolves.toMatchObject({
      result: 'unknown',
      cause: 'unanswered'
    })
    expect(sim.workflow('wfl_a')?.status).toBe('paused')
  })

  it('is not unknown after an answer that says nothing was done', async () => {
    const { client } = clientFor(url, { maxRetries: 0 })
    const notFound = await changeStatus(client, PAUSE, 'wfl_gone').catch(e => e)
    expect(notFound.statusCode).toBe(404)
    sim.injectFault({ action: 'pause', fault: { type: 'rate-limit' }, times: 10 })
    const limited = await changeStatus(client, PAUSE, 'wfl_a').catch(e => e)
    expect(limited.statusCode).toBe(429)
  })

  it.each([
    ['a 403 from a gateway', { type: 'error', status: 403 } as const],
    ['a 422', { type: 'error', status: 422 } as const],
    [
      'a redirect to another origin',
      { type: 'redirect', status: 307, location: 'https://elsewhere.example/x' } as const
    ]
  ])(
    'reads back before blaming %s on a retry that follows an unanswered attempt',
    async (_what, retryAnswer) => {
      // The first resume took effect but its answer was lost; the check before the retry failed,
      // and the retry met an answer that says nothing about the first attempt.
      sim.injectFault({ action: 'resume', fault: { type: 'error-after-apply', status: 502 } })
      sim.injectFault({ action: 'get', fault: { type: 'error', status: 503 } })
      sim.injectFault({ action: 'resume', fault: retryAnswer })
      const { client } = clientFor(url, { maxRetries: 2 })
      await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
        result: 'resumed',
        confirmedBy: 'read-back'
      })
      expect(sim.requests.map(r => `${r.action}:${r.statusCode}`)).toEqual([
        'resume:502',
        'get:503',
        `resume:${retryAnswer.status}`,
        'get:200'
      ])
    }
  )

  it('is unknown when such a retry answer follows an unanswered attempt and nothing can be read', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'error-after-apply', status: 502 } })
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 503 }, times: 10 })
    sim.injectFault({ action: 'pause', fault: { type: 'error', status: 403 } })
    const { client } = clientFor(url, { maxRetries: 1 })
    await expect(changeStatus(client, PAUSE, 'wfl_a')).resolves.toMatchObject({
      result: 'unknown',
      cause: 'unanswered'
    })
  })

  it('keeps the answer when such a retry answer follows an unanswered attempt that did not apply', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 502 } })
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 503 } })
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 403 } })
    const { client } = clientFor(url, { maxRetries: 1 })
    const error = await changeStatus(client, RESUME, 'wfl_p').catch(e => e)
    expect(error).toBeInstanceOf(DialNexaApiError)
    expect(error.statusCode).toBe(403)
    expect(sim.requests.map(r => `${r.action}:${r.statusCode}`)).toEqual([
      'resume:502',
      'get:503',
      'resume:403',
      'get:200'
    ])
  })

  it.each([303, 302, 307])(
    'treats a %i to another origin after the change was sent as an unanswered attempt',
    async status => {
      // The API acted, then pointed elsewhere for the result; the key is not sent there, so
      // only a read from the API's own origin can tell.
      sim.injectFault({
        action: 'pause',
        fault: {
          type: 'redirect',
          status,
          location: 'https://elsewhere.example/r',
          afterApply: true
        }
      })
      const { client } = clientFor(url, { maxRetries: 0 })
      await expect(changeStatus(client, PAUSE, 'wfl_a')).resolves.toMatchObject({
        result: 'paused',
        confirmedBy: 'read-back'
      })
      expect(sim.requests.map(r => `${r.action}:${r.statusCode}`)).toEqual([
        `pause:${status}`,
        'get:200'
      ])
    }
  )

  it('is unknown after a 409 that follows an unanswered attempt when nothing can be read', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'error-after-apply', status: 502 } })
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 503 }, times: 10 })
    const { client } = clientFor(url, { maxRetries: 1 })
    await expect(changeStatus(client, PAUSE, 'wfl_a')).resolves.toMatchObject({
      result: 'unknown',
      cause: 'unanswered'
    })
    // The first pause took effect; the retry's 409 is our own doing, but no read-back says so.
    expect(sim.requests.map(r => `${r.action}:${r.statusCode}`)).toEqual([
      'pause:502',
      'get:503',
      'pause:409',
      'get:503'
    ])
  })
})
