import { DialNexaSimulator } from '../simulator/simulator.js'
import { PAUSE_STEP, POST_STEP, RESUME_STEP } from '../src/workflow/policy.js'
import { RunContext, RunEvent, runWorkflow } from '../src/workflow/run.js'
import { clientFor } from './helpers/client.js'
import { FakeClock } from './helpers/fake-clock.js'

/** runWorkflow with a real client against the simulator; every wait runs on the fake clock. */

let sim: DialNexaSimulator
let url: string

beforeEach(async () => {
  sim = new DialNexaSimulator({
    workflows: [
      { id: 'wfl_p', name: 'Nurture', status: 'paused', enrolled_leads: 12 },
      { id: 'wfl_a', name: 'Busy', status: 'active', enrolled_leads: 3 },
      { id: 'wfl_c', status: 'cancelled' }
    ]
  })
  url = await sim.start()
})
afterEach(() => sim.stop())

function setup(
  overrides: Partial<RunContext> & { maxRetries?: number; requestTimeoutMs?: number } = {}
) {
  const controller = new AbortController()
  const { client, clock } = clientFor(url, {
    maxRetries: overrides.maxRetries,
    requestTimeoutMs: overrides.requestTimeoutMs,
    signal: controller.signal
  })
  const events: RunEvent[] = []
  const ctx: RunContext = {
    policy: RESUME_STEP,
    client,
    clock,
    signal: controller.signal,
    ignoreConflict: false,
    onEvent: event => events.push(event),
    ...overrides
  }
  return { ctx, clock, events, controller }
}

/** Waits on the fake clock that also lets an operator change the status at a virtual time. */
function statusAt(clock: FakeClock, id: string, status: string, afterMs: number): void {
  const start = clock.now()
  const sleep = clock.sleep.bind(clock)
  clock.sleep = async (ms, signal) => {
    await sleep(ms, signal)
    if (clock.now() - start >= afterMs) sim.setStatus(id, status)
  }
}

/** The wait-for-paused settings: a poll interval, and the end of 'wait-timeout' from now. */
const waitFirst = (clock: FakeClock, pollIntervalMs: number, timeoutMs: number) => ({
  pollIntervalMs,
  deadline: clock.now() + timeoutMs
})

describe('runWorkflow', () => {
  it('reads the status first, then resumes a paused workflow and reports it', async () => {
    const { ctx, clock, events } = setup()
    await expect(runWorkflow('wfl_p', ctx)).resolves.toEqual({
      workflowId: 'wfl_p',
      workflowName: 'Nurture',
      statusBefore: 'paused',
      statusAfter: 'active',
      enrolledLeads: 12,
      end: { kind: 'changed', confirmedBy: 'answer', at: clock.now() },
      requests: 2,
      waits: 0,
      durationMs: 0
    })
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'resume'])
    expect(events).toEqual([])
  })

  it('compares statuses ignoring case and surrounding spaces', async () => {
    sim.injectFault({
      action: 'get',
      fault: { type: 'raw', status: 200, body: '{"id":"wfl_p","status":" PAUSED "}' }
    })
    const outcome = await runWorkflow('wfl_p', setup().ctx)
    expect(outcome).toMatchObject({ end: { kind: 'changed' }, statusBefore: 'paused' })
  })

  it('never calls an active workflow resumed: no resume is sent, so none can be unclear', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error-after-apply', status: 502 } })
    const outcome = await runWorkflow('wfl_a', setup({ ignoreConflict: true }).ctx)
    expect(outcome).toMatchObject({
      end: { kind: 'conflict', status: 'active', ignored: true },
      statusBefore: 'active',
      statusAfter: 'active'
    })
    expect(sim.requests.map(r => r.action)).toEqual(['get'])
  })

  it('fails a 2xx whose record is not active, with the status the API returned', async () => {
    sim.injectFault({
      action: 'resume',
      fault: { type: 'raw', status: 200, body: '{"id":"wfl_p","status":"paused"}' }
    })
    const outcome = await runWorkflow('wfl_p', setup().ctx)
    expect(outcome).toMatchObject({
      end: { kind: 'not-applied', status: 'paused' },
      statusBefore: 'paused',
      statusAfter: 'paused'
    })
  })

  it('reads back after an empty 2xx and reports the resume it shows', async () => {
    sim.injectFault({
      action: 'resume',
      fault: { type: 'raw', status: 204, body: '', afterApply: true }
    })
    await expect(runWorkflow('wfl_p', setup().ctx)).resolves.toMatchObject({
      end: { kind: 'changed', confirmedBy: 'read-back-after-recordless-answer' },
      statusAfter: 'active'
    })
  })

  it('waits on the clock until an operator pauses the workflow, then resumes it', async () => {
    const { ctx, clock, events } = setup()
    statusAt(clock, 'wfl_a', 'paused', 3000)
    const outcome = await runWorkflow('wfl_a', {
      ...ctx,
      waitFirst: waitFirst(clock, 1000, 60_000)
    })
    expect(outcome).toMatchObject({
      end: { kind: 'changed', confirmedBy: 'answer' },
      statusBefore: 'active',
      statusAfter: 'active',
      requests: 5,
      durationMs: 3000,
      waitedMs: 3000
    })
    expect(clock.sleeps).toEqual([1000, 1000, 1000])
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'get', 'get', 'get', 'resume'])
    expect(events).toEqual([
      { type: 'waiting', pollIntervalMs: 1000, leftMs: 60_000 },
      { type: 'status', status: 'active' },
      { type: 'status', status: 'paused' }
    ])
  })

  it('fails a wait that ends without paused, keeping the last status seen', async () => {
    const { ctx, clock } = setup()
    const outcome = await runWorkflow('wfl_a', { ...ctx, waitFirst: waitFirst(clock, 1000, 2500) })
    expect(outcome).toMatchObject({
      end: {
        kind: 'wait-timeout',
        status: 'active',
        waitedMs: 2000,
        stop: { cause: 'no-poll-left' },
        ignored: false
      },
      statusBefore: 'active',
      statusAfter: 'active',
      waitedMs: 2000,
      durationMs: 2000
    })
    expect(sim.requestsFor('resume')).toEqual([])
  })

  it('lets such a wait pass when conflicts are ignored', async () => {
    const { ctx, clock } = setup({ ignoreConflict: true })
    statusAt(clock, 'wfl_a', 'draft', 1000)
    const outcome = await runWorkflow('wfl_a', { ...ctx, waitFirst: waitFirst(clock, 1000, 2500) })
    expect(outcome).toMatchObject({
      end: { kind: 'wait-timeout', status: 'draft', ignored: true },
      statusBefore: 'active',
      statusAfter: 'draft'
    })
  })

  it.each([
    ['the shared deadline has passed', -5000],
    ['wait-timeout is 0', 0]
  ])('still reads and resumes a paused workflow when %s', async (_when, offset) => {
    const { ctx, clock } = setup()
    const outcome = await runWorkflow('wfl_p', {
      ...ctx,
      waitFirst: waitFirst(clock, 1000, offset)
    })
    expect(outcome).toMatchObject({ end: { kind: 'changed' }, statusBefore: 'paused' })
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'resume'])
  })

  it('says the rate limit held the next poll back past wait-timeout, not that a read failed', async () => {
    // The key's budget is spent until an hour from now: the next poll may not go before then.
    const resetAt = String(Math.ceil(Date.now() / 1000) + 3600)
    sim.injectFault({
      action: 'get',
      fault: {
        type: 'raw',
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ id: 'wfl_a', status: 'active' }),
        headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': resetAt }
      }
    })
    const { ctx, clock } = setup()
    const outcome = await runWorkflow('wfl_a', { ...ctx, waitFirst: waitFirst(clock, 1000, 2500) })
    expect(sim.requests.map(r => r.action)).toEqual(['get'])
    expect(outcome).toMatchObject({
      end: {
        kind: 'wait-timeout',
        status: 'active',
        waitedMs: 1000,
        stop: { cause: 'rate-limit' }
      },
      statusAfter: 'active',
      waitedMs: 1000
    })
  })

  it.each([0, 3])(
    "says the wait's end cut the last poll short, not the API, with max-retries %i",
    async maxRetries => {
      // The first read is answered; the poll never is. It starts 0.2 s before 'wait-timeout'
      // ends, so that is all the time it gets, far less than its 5 s 'request-timeout'.
      sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 } })
      sim.injectFault({ action: 'get', fault: { type: 'hang' } })
      const { ctx, clock } = setup({ maxRetries })
      const outcome = await runWorkflow('wfl_a', {
        ...ctx,
        waitFirst: waitFirst(clock, 1000, 1200)
      })
      expect(sim.requests.map(r => r.action)).toEqual(['get', 'get'])
      expect(outcome).toMatchObject({ statusAfter: 'active' })
      expect(outcome.end).toEqual({
        kind: 'wait-timeout',
        status: 'active',
        waitedMs: 1000,
        stop: { cause: 'cut-short' },
        ignored: false,
        // No poll of the wait was answered.
        unread: true
      })
    }
  )

  it("says the read failed when the poll ran out its own 'request-timeout'", async () => {
    sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 } })
    sim.injectFault({ action: 'get', fault: { type: 'hang' }, times: 10 })
    // 0.7 s of 'request-timeout' for the poll, with 0.72 s of 'wait-timeout' still left: its own
    // limit ran out, not the wait's; the back-off (0.75 s) then passes the deadline. Not less:
    // on a busy machine the first read, answered, must fit in 'request-timeout' too.
    const { ctx, clock } = setup({ requestTimeoutMs: 700 })
    const outcome = await runWorkflow('wfl_a', { ...ctx, waitFirst: waitFirst(clock, 1000, 1720) })
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'get'])
    expect(outcome.end).toEqual({
      kind: 'wait-timeout',
      status: 'active',
      waitedMs: 1000,
      stop: {
        cause: 'read-failed',
        error: { kind: 'timeout', workflowId: 'wfl_a', cutByDeadline: false }
      },
      ignored: false,
      unread: true
    })
  })

  it.each([
    // The poll's 503 is answered at once.
    [
      'an HTTP 503',
      { type: 'error', status: 503 } as const,
      5000,
      { kind: 'http', statusCode: 503 }
    ],
    // The poll runs out its own 0.7 s 'request-timeout': 0.95 s of 'wait-timeout' were left.
    ['no answer in time', { type: 'hang' } as const, 700, { kind: 'timeout', cutByDeadline: false }]
  ])(
    'names the failure a poll retried when wait-timeout cuts the retry short (%s)',
    async (_what, fault, requestTimeoutMs, retried) => {
      sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 } })
      sim.injectFault({ action: 'get', fault })
      sim.injectFault({ action: 'get', fault: { type: 'hang' } })
      // Poll at 1 s, its back-off 0.75 s: the retry at 1.75 s gets the 0.2 s left, and no answer.
      const { ctx, clock } = setup({ requestTimeoutMs })
      const outcome = await runWorkflow('wfl_a', {
        ...ctx,
        waitFirst: waitFirst(clock, 1000, 1950)
      })
      expect(sim.requests.map(r => r.action)).toEqual(['get', 'get', 'get'])
      expect(outcome).toMatchObject({
        end: {
          kind: 'wait-timeout',
          status: 'active',
          waitedMs: 1750,
          stop: { cause: 'cut-short', retried }
        },
        statusAfter: 'active'
      })
    }
  )

  it('lets ignore-conflict pass a wait whose last poll the deadline cut short after one was answered', async () => {
    sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 }, times: 2 })
    sim.injectFault({ action: 'get', fault: { type: 'hang' } })
    const { ctx, clock } = setup({ ignoreConflict: true })
    const outcome = await runWorkflow('wfl_a', { ...ctx, waitFirst: waitFirst(clock, 1000, 2200) })
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'get', 'get'])
    expect(outcome.end).toMatchObject({ stop: { cause: 'cut-short' }, ignored: true })
    expect(outcome.end).not.toHaveProperty('unread')
  })

  it('never lets ignore-conflict pass a wait none of whose polls was answered', async () => {
    sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 } })
    sim.injectFault({ action: 'get', fault: { type: 'hang' } })
    const { ctx, clock } = setup({ ignoreConflict: true })
    const outcome = await runWorkflow('wfl_a', { ...ctx, waitFirst: waitFirst(clock, 1000, 1200) })
    expect(outcome.end).toMatchObject({
      stop: { cause: 'cut-short' },
      ignored: false,
      unread: true
    })
  })

  it.each([
    ['failed', [{ type: 'error', status: 503 }] as const, 1720, 'read-failed'],
    [
      'failed, and its retry was cut short',
      [{ type: 'error', status: 503 }, { type: 'hang' }] as const,
      1950,
      'cut-short'
    ]
  ])(
    'never lets ignore-conflict pass a wait whose last read %s',
    async (_what, faults, deadlineIn, cause) => {
      sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 } })
      for (const fault of faults) sim.injectFault({ action: 'get', fault })
      const { ctx, clock } = setup({ ignoreConflict: true })
      const outcome = await runWorkflow('wfl_a', {
        ...ctx,
        waitFirst: waitFirst(clock, 1000, deadlineIn)
      })
      expect(outcome.end).toMatchObject({
        kind: 'wait-timeout',
        stop: { cause, [cause === 'read-failed' ? 'error' : 'retried']: { statusCode: 503 } },
        ignored: false
      })
    }
  )

  it('gives an active workflow one read, and its status, when the deadline has passed', async () => {
    const { ctx, clock } = setup()
    const outcome = await runWorkflow('wfl_a', { ...ctx, waitFirst: waitFirst(clock, 1000, -1) })
    expect(outcome).toMatchObject({
      end: { kind: 'wait-timeout', status: 'active', waitedMs: 0, stop: { cause: 'no-poll-left' } },
      statusAfter: 'active',
      waitedMs: 0
    })
    expect(sim.requests.map(r => r.action)).toEqual(['get'])
  })

  it('tells its progress about every 30 s while waiting, and each change at once', async () => {
    const { ctx, clock, events } = setup()
    statusAt(clock, 'wfl_a', 'paused', 75_000)
    await runWorkflow('wfl_a', { ...ctx, waitFirst: waitFirst(clock, 10_000, 600_000) })
    expect(events).toEqual([
      { type: 'waiting', pollIntervalMs: 10_000, leftMs: 600_000 },
      { type: 'status', status: 'active' },
      { type: 'still-waiting', status: 'active', waitedMs: 30_000, leftMs: 570_000 },
      { type: 'still-waiting', status: 'active', waitedMs: 60_000, leftMs: 540_000 },
      { type: 'status', status: 'paused' }
    ])
  })

  it('treats a final status seen while waiting as a conflict, without a resume request', async () => {
    const { ctx, clock, events } = setup()
    const outcome = await runWorkflow('wfl_c', {
      ...ctx,
      waitFirst: waitFirst(clock, 1000, 10_000)
    })
    expect(outcome).toMatchObject({
      end: { kind: 'conflict', status: 'cancelled', ignored: false },
      statusBefore: 'cancelled',
      statusAfter: 'cancelled'
    })
    // Nothing to wait for: a final workflow never becomes paused.
    expect(events).toEqual([])
    expect(sim.requests.map(r => r.action)).toEqual(['get'])
  })

  it('fails on a conflict, or lets it pass with ignore-conflict', async () => {
    const strict = await runWorkflow('wfl_a', setup().ctx)
    expect(strict).toMatchObject({
      end: { kind: 'conflict', status: 'active', ignored: false },
      statusBefore: 'active',
      statusAfter: 'active',
      workflowName: 'Busy'
    })
    expect(sim.requests.map(r => r.action)).toEqual(['get'])
    const lenient = await runWorkflow('wfl_a', setup({ ignoreConflict: true }).ctx)
    expect(lenient.end).toEqual({ kind: 'conflict', status: 'active', ignored: true })
  })

  it('does not keep a stale paused after a 409 whose current status cannot be read', async () => {
    // DialNexa's 409 body names no status, and the read after it fails: the step does not know
    // what it is, so ignore-conflict does not pass it.
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 409 } })
    sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 } })
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 503 } })
    const outcome = await runWorkflow('wfl_p', setup({ ignoreConflict: true }).ctx)
    expect(sim.requests.map(r => `${r.action}:${r.statusCode}`)).toEqual([
      'get:200',
      'resume:409',
      'get:503'
    ])
    expect(outcome).toMatchObject({
      end: { kind: 'conflict', status: undefined, ignored: false },
      statusBefore: 'paused'
    })
    expect(outcome.statusAfter).toBeUndefined()
  })

  it('reports the status the read-back shows when a resume fails after it, not the first read', async () => {
    // The resume's 502 leaves its outcome open; the read-back settles it: someone cancelled it.
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 502 } })
    void sim.arrival('resume').then(() => sim.setStatus('wfl_p', 'cancelled'))
    const outcome = await runWorkflow('wfl_p', setup({ maxRetries: 0 }).ctx)
    expect(sim.requests.map(r => `${r.action}:${r.statusCode}`)).toEqual([
      'get:200',
      'resume:502',
      'get:200'
    ])
    expect(outcome).toMatchObject({
      end: {
        kind: 'failed',
        error: { kind: 'http', statusCode: 502, verb: 'resume' },
        found: true,
        lastStatus: 'cancelled'
      },
      statusBefore: 'paused',
      statusAfter: 'cancelled'
    })
  })

  it('keeps the last status a poll saw, and the time waited, when a wait ends in a failure', async () => {
    const { ctx, clock } = setup()
    statusAt(clock, 'wfl_a', 'draft', 1000)
    // The first read and the poll that sees draft are answered; the next poll is a 404.
    sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 }, times: 2 })
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 404 } })
    const outcome = await runWorkflow('wfl_a', {
      ...ctx,
      waitFirst: waitFirst(clock, 1000, 60_000)
    })
    expect(sim.requests.map(r => `${r.action}:${r.statusCode}`)).toEqual([
      'get:200',
      'get:200',
      'get:404'
    ])
    // Found by the first read: the 404 is a deletion, not a wrong ID.
    expect(outcome).toMatchObject({
      end: {
        kind: 'failed',
        error: { kind: 'http', statusCode: 404 },
        found: true,
        lastStatus: 'draft'
      },
      statusBefore: 'active',
      statusAfter: 'draft',
      waitedMs: 2000
    })
  })

  it.each([
    ['resume', RESUME_STEP, 'wfl_p', 'paused'],
    ['pause', PAUSE_STEP, 'wfl_a', 'active']
  ] as const)(
    'takes a workflow whose %s gets a 404 right after its read as found: most likely deleted',
    async (action, policy, id, status) => {
      sim.injectFault({ action, fault: { type: 'error', status: 404 } })
      const outcome = await runWorkflow(id, { ...setup().ctx, policy })
      expect(sim.requests.map(r => `${r.action}:${r.statusCode}`)).toEqual([
        'get:200',
        `${action}:404`
      ])
      expect(outcome.end).toMatchObject({
        kind: 'failed',
        error: { kind: 'http', statusCode: 404, verb: action },
        found: true,
        lastStatus: status
      })
    }
  )

  it('counts requests, retries and clock time across a retried resume', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 503 } })
    const { ctx, clock } = setup()
    const outcome = await runWorkflow('wfl_p', ctx)
    expect(outcome).toMatchObject({ end: { kind: 'changed' }, requests: 4, waits: 1 })
    expect(outcome.durationMs).toBe(clock.sleeps.reduce((a, b) => a + b, 0))
    expect(clock.sleeps).toHaveLength(1)
  })

  it('reports an API failure on the first read as not found: the ID may be wrong', async () => {
    const outcome = await runWorkflow('wfl_gone', setup().ctx)
    expect(outcome.end).toEqual({
      kind: 'failed',
      error: expect.objectContaining({ kind: 'http', workflowId: 'wfl_gone', statusCode: 404 }),
      found: false,
      lastStatus: undefined
    })
    expect(outcome.statusBefore).toBeUndefined()
  })

  it('takes a 404 on the first read as a deletion in the post step, which read it earlier', async () => {
    const outcome = await runWorkflow('wfl_gone', { ...setup().ctx, policy: POST_STEP })
    expect(outcome.end).toMatchObject({ kind: 'failed', found: true })
  })

  it('reports a cancelled run as cancelled, without a request', async () => {
    const { ctx, controller } = setup()
    controller.abort()
    const outcome = await runWorkflow('wfl_p', ctx)
    expect(outcome).toMatchObject({ end: { kind: 'cancelled' }, requests: 0 })
    expect(outcome.end).toEqual({ kind: 'cancelled' })
    expect(sim.requests).toEqual([])
    expect(sim.workflow('wfl_p')?.status).toBe('paused')
  })

  it('runs the pause step through the same steps', async () => {
    await expect(runWorkflow('wfl_a', setup({ policy: PAUSE_STEP }).ctx)).resolves.toMatchObject({
      end: { kind: 'changed', confirmedBy: 'answer' },
      statusBefore: 'active',
      statusAfter: 'paused',
      workflowName: 'Busy'
    })
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'pause'])
  })

  it('reports a resume that a check confirms after the job was cancelled mid-request', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'hang-after-apply' } })
    const { ctx, controller } = setup()
    // Cancelled once the resume has arrived: a timer could fire before a slow first read ends.
    void sim.arrival('resume').then(() => controller.abort())
    await expect(runWorkflow('wfl_p', ctx)).resolves.toMatchObject({
      end: { kind: 'changed', confirmedBy: 'check-after-cancel' },
      statusAfter: 'active'
    })
  })

  it('says it may have been resumed when the check after a cancellation cannot tell', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'hang-after-apply' } })
    // The first read succeeds; the check after the cancellation never gets an answer.
    sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 } })
    sim.injectFault({ action: 'get', fault: { type: 'hang' } })
    const { ctx, controller } = setup()
    void sim.arrival('resume').then(() => controller.abort())
    const outcome = await runWorkflow('wfl_p', ctx)
    expect(outcome.end).toMatchObject({ kind: 'unknown', cause: 'cancelled' })
    // Nothing known: not the paused of the first read.
    expect(outcome.statusAfter).toBeUndefined()
  })

  it('records when the change took effect, on the clock', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'error', status: 503 } })
    const { ctx, clock } = setup({ policy: PAUSE_STEP })
    const started = clock.now()
    const outcome = await runWorkflow('wfl_a', ctx)
    expect(clock.sleeps).toHaveLength(1)
    expect(outcome.end).toEqual({
      kind: 'changed',
      confirmedBy: 'answer',
      at: started + clock.sleeps[0]!
    })
  })

  it('records when the change that took effect was sent, not when a read confirmed it', async () => {
    // Applied, answer lost: the read after the back-off shows it, but it took effect before.
    sim.injectFault({ action: 'pause', fault: { type: 'error-after-apply', status: 503 } })
    const { ctx, clock } = setup({ policy: PAUSE_STEP })
    const started = clock.now()
    const outcome = await runWorkflow('wfl_a', ctx)
    expect(clock.sleeps).toHaveLength(1)
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'pause', 'get'])
    expect(outcome.end).toEqual({ kind: 'changed', confirmedBy: 'read-back', at: started })
  })

  it('accepts, in the pause step, a workflow already paused, without sending a pause', async () => {
    const { ctx } = setup({ policy: PAUSE_STEP })
    const outcome = await runWorkflow('wfl_p', ctx)
    expect(outcome).toMatchObject({
      end: { kind: 'already' },
      statusBefore: 'paused',
      statusAfter: 'paused',
      workflowName: 'Nurture'
    })
    // Read first: no pause is sent to a workflow that is already paused.
    expect(sim.requests.map(r => r.action)).toEqual(['get'])
    // A status the verb does not produce is still a conflict.
    const final = await runWorkflow('wfl_c', ctx)
    expect(final.end).toEqual({ kind: 'conflict', status: 'cancelled', ignored: false })
  })

  it('leaves, in the post step, a workflow that became final alone', async () => {
    const outcome = await runWorkflow('wfl_c', setup({ policy: POST_STEP }).ctx)
    expect(outcome.end).toEqual({ kind: 'conflict', status: 'cancelled', ignored: true })
    expect(sim.requests.map(r => r.action)).toEqual(['get'])
  })
})
