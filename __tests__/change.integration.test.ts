import { DialNexaApiError } from '../src/api/retry.js'
import { DialNexaClient } from '../src/api/client.js'
import { WorkflowRecord } from '../src/api/workflow-record.js'
import { CANCEL_CHECK_MS, CancelledError, IN_FLIGHT_GRACE_MS } from '../src/core/cancellation.js'
import { changeStatus } from '../src/workflow/change.js'
import { PAUSE, RESUME, StatusVerb } from '../src/core/status.js'
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

/** The change's end, and every record it read or was answered with: the last is the last seen. */
async function change(client: DialNexaClient, verb: StatusVerb, id: string) {
  const records: WorkflowRecord[] = []
  const end = await changeStatus(client, verb, id, record => records.push(record))
  return { end, records, last: records.at(-1) }
}

/** The failure a change that ends in none of its values throws. */
const thrown = (client: DialNexaClient, verb: StatusVerb, id: string) =>
  changeStatus(client, verb, id).catch((e: unknown) => e)

describe('changeStatus with the resume verb', () => {
  it('resumes a paused workflow with one request', async () => {
    const { client, clock } = clientFor(url)
    const { end, records } = await change(client, RESUME, 'wfl_p')
    expect(end).toEqual({ kind: 'changed', confirmedBy: 'answer', at: clock.now() })
    expect(records).toEqual([{ id: 'wfl_p', name: 'Nurture', status: 'active', enrolledLeads: 12 }])
    expect(sim.requests.map(r => r.action)).toEqual(['resume'])
  })

  it('reports a conflict with the current record from a follow-up GET', async () => {
    const { client } = clientFor(url)
    const { end, records } = await change(client, RESUME, 'wfl_a')
    // The API's own words come with it, for the sentence to quote.
    expect(end).toEqual({
      kind: 'conflict',
      status: 'active',
      serverMessage: "Workflow cannot resume from status 'active'"
    })
    expect(records).toEqual([{ id: 'wfl_a', name: 'Busy', status: 'active', enrolledLeads: 3 }])
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get'])
  })

  it('reports the final status of a cancelled workflow as a conflict', async () => {
    const { client } = clientFor(url)
    await expect(changeStatus(client, RESUME, 'wfl_c')).resolves.toEqual({
      kind: 'conflict',
      status: 'cancelled',
      serverMessage: "Workflow cannot resume from status 'cancelled'"
    })
  })

  it.each([
    ['a 502 after the resume took effect', { type: 'error-after-apply', status: 502 } as const],
    ['a reset after the resume took effect', { type: 'reset', afterApply: true } as const]
  ])('treats %s as resumed after reading the workflow back', async (_what, fault) => {
    sim.injectFault({ action: 'resume', fault })
    const { client } = clientFor(url)
    const { end, last } = await change(client, RESUME, 'wfl_p')
    expect(end).toMatchObject({ kind: 'changed', confirmedBy: 'read-back' })
    expect(last).toMatchObject({ status: 'active' })
    // Checked before retrying, so the resume was sent only once.
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get'])
  })

  // A CDN's 52x, or a 507, is no answer from the API about the resume: it may have applied it.
  it.each([520, 522, 524, 507])(
    'reads the workflow back after a %i, a server error it does not retry, and reports the resume it shows',
    async status => {
      sim.injectFault({ action: 'resume', fault: { type: 'error-after-apply', status } })
      const { client } = clientFor(url)
      const { end, last } = await change(client, RESUME, 'wfl_p')
      expect(end).toMatchObject({ kind: 'changed', confirmedBy: 'read-back' })
      expect(last).toMatchObject({ status: 'active' })
      expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get'])
    }
  )

  it('reads the workflow back after an answer it cannot parse, and reports the resume it shows', async () => {
    // The first read was answered in HTTP: a garbled answer now came after the resume was sent.
    sim.injectFault({ action: 'resume', fault: { type: 'garbled', afterApply: true } })
    const { client } = clientFor(url)
    const { end, last } = await change(client, RESUME, 'wfl_p')
    expect(end).toMatchObject({ kind: 'changed', confirmedBy: 'read-back' })
    expect(last).toMatchObject({ status: 'active' })
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get'])
  })

  it('says a 524 read back still paused may still take effect, naming the 524', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 524 } })
    const { client } = clientFor(url)
    // A gateway answers a 524 whether or not the API acted: it may still apply.
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      kind: 'pending',
      status: 'paused',
      statusCode: 524,
      answer: { kind: 'http', statusCode: 524 }
    })
    // Not retried, but read back: only a read can say whether a server error hid a resume.
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get'])
  })

  it('treats a timeout after the resume took effect as resumed', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'hang-after-apply' } })
    // Long enough for the read-back's answer on a busy machine, which must not be cut too.
    const { client } = clientFor(url, { requestTimeoutMs: 1000 })
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      kind: 'changed',
      confirmedBy: 'read-back'
    })
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get'])
  })

  it('retries the resume when the check shows it did not take effect', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 503 } })
    const { client } = clientFor(url)
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      kind: 'changed',
      confirmedBy: 'answer'
    })
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get', 'resume'])
  })

  it('reads back once more when calling hours hold the retry of an unanswered resume', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 503 } })
    const { client } = clientFor(url)
    const held = { kind: 'outside-hours', opensAt: 1, skipped: false } as const
    const checks = [undefined, held]
    const end = await changeStatus(client, RESUME, 'wfl_p', undefined, async () => checks.shift())
    // The check before the retry, then a read after the hold: the first resume may still apply.
    expect(end).toEqual(held)
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get', 'get'])
  })

  it('says a read-back follows the wait once an attempt went unanswered, and a resend before', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'rate-limit', retryAfter: '1' } })
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 503 } })
    sim.injectFault({ action: 'resume', fault: { type: 'rate-limit', retryAfter: '1' } })
    const nexts: string[] = []
    const { client } = clientFor(url, {
      onWait: wait => nexts.push(`${wait.call} (${wait.cause?.kind ?? 'held'}): ${wait.next}`)
    })
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      kind: 'changed'
    })
    // A 429 was refused outright: the resend comes next. After the 503 the resume may have
    // applied, and it may still until a read shows it, so every later attempt starts with one.
    expect(nexts).toEqual([
      'resume (http): send',
      'resume (http): check-then-send',
      'resume (http): check-then-send'
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
    const { end, last } = await change(client, RESUME, 'wfl_p')
    expect(end).toMatchObject({ kind: 'changed', confirmedBy: 'read-back' })
    expect(last).toMatchObject({ status: 'active' })
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
      kind: 'changed'
    })
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get'])
  })

  it('retries a 429 without a check, since the API refused it outright', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'rate-limit', retryAfter: '1' } })
    const { client, clock } = clientFor(url)
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      kind: 'changed'
    })
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'resume'])
    expect(clock.sleeps).toEqual([1250])
  })

  it('says it may still change after retries when the workflow still reads paused', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 503 }, times: 10 })
    const { client } = clientFor(url, { maxRetries: 1 })
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      kind: 'pending',
      status: 'paused',
      statusCode: 503
    })
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
      // Its failure is the resume's (it names the verb), not the read's that could not settle it.
      expect(outcome).toMatchObject({
        kind: 'unknown',
        cause: 'unanswered',
        error: { kind: 'http', statusCode: 503, retryAfterMs, verb: 'resume' }
      })
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
      kind: 'changed'
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
    await expect(changeStatus(client, RESUME, 'wfl_a')).resolves.toEqual({
      kind: 'conflict',
      status: undefined,
      serverMessage: "Workflow cannot resume from status 'active'"
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
    const { end, records } = await change(client, RESUME, 'wfl_p')
    expect(end).toEqual({ kind: 'not-applied', status: 'paused' })
    expect(records).toEqual([{ id: 'wfl_p', status: 'paused' }])
    expect(sim.requests.map(r => r.action)).toEqual(['resume'])
  })

  it.each([
    ['204 without a body', 204, ''],
    ['200 with an empty body', 200, ''],
    ['200 with JSON but no record', 200, '{"ok":true}']
  ])('reads the workflow back after a %s that took effect', async (_what, status, body) => {
    sim.injectFault({ action: 'resume', fault: { type: 'raw', status, body, afterApply: true } })
    const { client } = clientFor(url)
    const { end, last } = await change(client, RESUME, 'wfl_p')
    expect(end).toMatchObject({ kind: 'changed', confirmedBy: 'read-back-after-recordless-answer' })
    expect(last).toMatchObject({ status: 'active', name: 'Nurture' })
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get'])
  })

  it('says a record-less 2xx read back still paused may still take effect', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'raw', status: 204, body: '' } })
    const { client } = clientFor(url)
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toEqual({
      kind: 'pending',
      status: 'paused',
      statusCode: 204,
      answer: {
        kind: 'invalid-response',
        workflowId: 'wfl_p',
        statusCode: 204,
        body: { shape: 'empty' }
      }
    })
    expect(sim.requestsFor('resume')).toHaveLength(1)
  })

  it('reports a record-less 2xx read back in another status as not applied', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'raw', status: 204, body: '' } })
    sim.injectFault({
      action: 'get',
      fault: { type: 'raw', status: 200, body: '{"id":"wfl_p","status":"draft"}' }
    })
    const { client } = clientFor(url)
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toEqual({
      kind: 'not-applied',
      status: 'draft',
      recordlessCode: 204
    })
    expect(sim.requestsFor('resume')).toHaveLength(1)
  })

  it('cannot tell after a record-less 2xx whose read-back fails', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'raw', status: 204, body: '' } })
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 403 } })
    const { client } = clientFor(url)
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toEqual({
      kind: 'unknown',
      cause: 'recordless-answer',
      // The answer that left it unclear, not the read that could not settle it.
      error: {
        kind: 'invalid-response',
        workflowId: 'wfl_p',
        statusCode: 204,
        body: { shape: 'empty' }
      }
    })
  })

  it('cannot tell when every attempt went unanswered and reading it back fails too', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 502 } })
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 500 } })
    const { client } = clientFor(url, { maxRetries: 0 })
    const outcome = await changeStatus(client, RESUME, 'wfl_p')
    expect(outcome).toMatchObject({
      kind: 'unknown',
      cause: 'unanswered',
      error: { kind: 'http', statusCode: 502 }
    })
  })

  it('fails at once on 404 without retrying', async () => {
    const { client } = clientFor(url)
    const error = await thrown(client, RESUME, 'wfl_gone')
    expect((error as DialNexaApiError).failure).toMatchObject({ kind: 'http', statusCode: 404 })
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
      kind: 'changed',
      confirmedBy: 'answer'
    })
    expect(sim.requests.map(r => r.action)).toEqual(['resume'])
  })

  it('checks once when no answer came, and reports a resume the check shows', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'hang-after-apply' } })
    const { client } = clientFor(url, { signal: abortOnArrival('resume') })
    const { end, last } = await change(client, RESUME, 'wfl_p')
    expect(end).toMatchObject({ kind: 'changed', confirmedBy: 'check-after-cancel' })
    expect(last).toMatchObject({ status: 'active' })
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get'])
  })

  it('reports not resumed when the check shows it still paused', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'hang' } })
    const { client } = clientFor(url, { signal: abortOnArrival('resume') })
    const { end, records } = await change(client, RESUME, 'wfl_p')
    expect(end).toEqual({ kind: 'cancelled', status: 'paused' })
    expect(records).toEqual([{ id: 'wfl_p', name: 'Nurture', status: 'paused', enrolledLeads: 12 }])
  })

  it('says it may have been resumed when the check, bounded, gets no answer', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'hang-after-apply' } })
    sim.injectFault({ action: 'get', fault: { type: 'hang' } })
    const lines: string[] = []
    const { client } = clientFor(url, {
      signal: abortOnArrival('resume'),
      requestTimeoutMs: 10_000,
      onExchange: line => lines.push(line)
    })
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toEqual({
      kind: 'unknown',
      cause: 'cancelled',
      // The check's own limit ran out, not the job's 'request-timeout'.
      error: { kind: 'timeout', workflowId: 'wfl_p', cutByDeadline: true }
    })
    // The grace for the answer (1 s), then the bounded check (1.5 s): never the 10 s
    // request-timeout.
    expect(lines).toEqual([
      `POST /v1/workflows/wfl_p/resume -> no answer within ${IN_FLIGHT_GRACE_MS} ms of the cancellation`,
      `GET /v1/workflows/wfl_p -> no answer within ${CANCEL_CHECK_MS} ms`
    ])
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
      kind: 'changed',
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
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toEqual({
      kind: 'conflict',
      status: 'paused',
      serverMessage: 'Conflict'
    })
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get', 'resume', 'get', 'get'])
  })

  it('makes the bounded check when the cancellation cuts off the last read-back', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error-after-apply', status: 503 } })
    sim.injectFault({ action: 'get', fault: { type: 'hang' } })
    const { client } = clientFor(url, { signal: abortOnArrival('get'), maxRetries: 0 })
    const { end, last } = await change(client, RESUME, 'wfl_p')
    expect(end).toMatchObject({ kind: 'changed', confirmedBy: 'check-after-cancel' })
    expect(last).toMatchObject({ status: 'active' })
    expect(sim.requests.map(r => r.action)).toEqual(['resume', 'get', 'get'])
  })

  it('reports not resumed when the check after a cut-off read-back shows it still paused', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 503 } })
    sim.injectFault({ action: 'get', fault: { type: 'hang' } })
    const { client } = clientFor(url, { signal: abortOnArrival('get'), maxRetries: 0 })
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toEqual({
      kind: 'cancelled',
      status: 'paused'
    })
  })

  it('says nothing was sent when cancelled before the request left', async () => {
    const controller = new AbortController()
    controller.abort()
    const { client } = clientFor(url, { signal: controller.signal })
    const error = await thrown(client, RESUME, 'wfl_p')
    expect(error).toBeInstanceOf(CancelledError)
    expect((error as CancelledError).requestSent).toBe(false)
    expect(sim.requests).toEqual([])
  })
})

describe('changeStatus with the pause verb', () => {
  it('pauses an active workflow with one POST to /pause', async () => {
    const { client, clock } = clientFor(url)
    const { end, records } = await change(client, PAUSE, 'wfl_a')
    expect(end).toEqual({ kind: 'changed', confirmedBy: 'answer', at: clock.now() })
    expect(records).toEqual([{ id: 'wfl_a', name: 'Busy', status: 'paused', enrolledLeads: 3 }])
    expect(sim.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/workflows/wfl_a/pause'
    ])
  })

  it('pauses the legacy running status too', async () => {
    sim.addWorkflow({ id: 'wfl_r', status: 'running' })
    const { client } = clientFor(url)
    const { end, last } = await change(client, PAUSE, 'wfl_r')
    expect(end).toMatchObject({ kind: 'changed', confirmedBy: 'answer' })
    expect(last).toMatchObject({ status: 'paused' })
  })

  it('reports a paused workflow as a conflict with its current status', async () => {
    const { client } = clientFor(url)
    await expect(changeStatus(client, PAUSE, 'wfl_p')).resolves.toEqual({
      kind: 'conflict',
      status: 'paused',
      serverMessage: "Workflow cannot pause from status 'paused'"
    })
    expect(sim.requests.map(r => r.action)).toEqual(['pause', 'get'])
  })

  it('treats a 502 after the pause took effect as paused, read back before any retry', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'error-after-apply', status: 502 } })
    const { client } = clientFor(url)
    const { end, last } = await change(client, PAUSE, 'wfl_a')
    expect(end).toMatchObject({ kind: 'changed', confirmedBy: 'read-back' })
    expect(last).toMatchObject({ status: 'paused' })
    expect(sim.requests.map(r => r.action)).toEqual(['pause', 'get'])
  })

  it('does not count an active read-back as paused: it retries the pause', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'error', status: 503 } })
    const { client } = clientFor(url)
    await expect(changeStatus(client, PAUSE, 'wfl_a')).resolves.toMatchObject({
      kind: 'changed',
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
      kind: 'unknown',
      cause: 'unanswered'
    })
    expect(sim.workflow('wfl_a')?.status).toBe('paused')
  })

  it('is not unknown after an answer that says nothing was done', async () => {
    const { client } = clientFor(url, { maxRetries: 0 })
    const notFound = await thrown(client, PAUSE, 'wfl_gone')
    expect(notFound).toBeInstanceOf(DialNexaApiError)
    expect((notFound as DialNexaApiError).failure.statusCode).toBe(404)
    sim.injectFault({ action: 'pause', fault: { type: 'rate-limit' }, times: 10 })
    const limited = await thrown(client, PAUSE, 'wfl_a')
    expect(limited).toBeInstanceOf(DialNexaApiError)
    expect((limited as DialNexaApiError).failure.statusCode).toBe(429)
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
        kind: 'changed',
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
      kind: 'unknown',
      cause: 'unanswered'
    })
  })

  it('keeps the answer when such a retry answer follows an unanswered attempt that did not apply', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 502 } })
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 503 } })
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 403 } })
    const { client } = clientFor(url, { maxRetries: 1 })
    // The last answer is kept; the unanswered 502 may still apply, as the read-back cannot deny.
    await expect(changeStatus(client, RESUME, 'wfl_p')).resolves.toMatchObject({
      kind: 'pending',
      status: 'paused',
      statusCode: 403,
      answer: { kind: 'http', statusCode: 403 }
    })
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
        kind: 'changed',
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
      kind: 'unknown',
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
