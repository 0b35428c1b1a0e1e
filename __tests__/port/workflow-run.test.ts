import { DialNexaSimulator } from '../simulator/simulator.js'
import { WorkflowLog } from '../src/action/log.js'
import { PAUSE, RESUME } from '../src/core/verb.js'
import { runWorkflow, WorkflowRunContext } from '../src/workflow/run.js'
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

function recordingLog() {
  const lines: string[] = []
  const log: WorkflowLog = {
    info: line => lines.push(`info: ${line}`),
    notice: line => lines.push(`notice: ${line}`),
    warning: line => lines.push(`warning: ${line}`)
  }
  return { lines, log }
}

function setup(
  overrides: Partial<WorkflowRunContext> & { maxRetries?: number; requestTimeoutMs?: number } = {}
) {
  const controller = new AbortController()
  const { client, clock } = clientFor(url, {
    maxRetries: overrides.maxRetries,
    requestTimeoutMs: overrides.requestTimeoutMs,
    signal: controller.signal
  })
  const { lines, log } = recordingLog()
  const ctx: WorkflowRunContext = {
    verb: RESUME,
    client,
    clock,
    signal: controller.signal,
    ignoreConflict: false,
    log,
    ...overrides
  }
  return { ctx, clock, lines, controller }
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

describe('runWorkflow', () => {
  it('reads the status first, then resumes a paused workflow and reports it', async () => {
    const { ctx, clock, lines } = setup()
    await expect(runWorkflow('wfl_p', ctx)).resolves.toEqual({
      workflowId: 'wfl_p',
      workflowName: 'Nurture',
      statusBefore: 'paused',
      statusAfter: 'active',
      enrolledLeads: 12,
      result: 'resumed',
      requests: 2,
      waits: 0,
      durationMs: 0,
      changedAt: clock.now()
    })
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'resume'])
    expect(lines).toEqual(['info: Resumed workflow wfl_p (Nurture): status active.'])
  })

  it('compares statuses ignoring case and surrounding spaces', async () => {
    sim.injectFault({
      action: 'get',
      fault: { type: 'raw', status: 200, body: '{"id":"wfl_p","status":" PAUSED "}' }
    })
    const report = await runWorkflow('wfl_p', setup().ctx)
    expect(report).toMatchObject({ result: 'resumed', statusBefore: 'paused' })
  })

  it('never calls an active workflow resumed: no resume is sent, so none can be unclear', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error-after-apply', status: 502 } })
    const { ctx } = setup({ ignoreConflict: true })
    const report = await runWorkflow('wfl_a', ctx)
    expect(report).toMatchObject({
      result: 'conflict-ignored',
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
    const report = await runWorkflow('wfl_p', setup().ctx)
    expect(report).toMatchObject({
      result: 'failed',
      statusBefore: 'paused',
      statusAfter: 'paused',
      error:
        'The DialNexa API accepted the resume request for workflow wfl_p but answered with status paused, not active, so it was not resumed. Check the workflow in DialNexa.'
    })
  })

  it('reads back after an empty 2xx and reports the resume it shows', async () => {
    sim.injectFault({
      action: 'resume',
      fault: { type: 'raw', status: 204, body: '', afterApply: true }
    })
    const { ctx, lines } = setup()
    await expect(runWorkflow('wfl_p', ctx)).resolves.toMatchObject({
      result: 'resumed',
      statusAfter: 'active'
    })
    expect(lines).toEqual([
      'info: Resumed workflow wfl_p (Nurture): status active (the API answered without a workflow record; confirmed by reading it back).'
    ])
  })

  it('names the workflow once: by ID alone, or as "the workflow" where its ID is shown', async () => {
    const { ctx } = setup({ idShownElsewhere: true })
    const report = await runWorkflow('wfl_a', ctx)
    expect(report.error).toMatch(/^The workflow is not paused, so it was not resumed/)
    expect(report.error).not.toContain('wfl_a')
  })

  it('waits on the clock until an operator pauses the workflow, then resumes it', async () => {
    const { ctx, clock, lines } = setup()
    statusAt(clock, 'wfl_a', 'paused', 3000)
    const report = await runWorkflow('wfl_a', {
      ...ctx,
      waitFirst: { pollIntervalMs: 1000, timeoutMs: 60_000, deadline: clock.now() + 60_000 }
    })
    expect(report).toMatchObject({
      result: 'resumed',
      statusBefore: 'active',
      statusAfter: 'active',
      requests: 5,
      durationMs: 3000,
      waitedMs: 3000
    })
    expect(clock.sleeps).toEqual([1000, 1000, 1000])
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'get', 'get', 'get', 'resume'])
    expect(lines).toEqual([
      "info: Waiting for workflow wfl_a to be paused: a poll every 1 s, 60 s left before 'wait-timeout'.",
      'info: Workflow status: active',
      'info: Workflow status: paused',
      'info: Resumed workflow wfl_a (Busy): status active.'
    ])
  })

  it('fails a wait that ends without paused as a conflict, keeping the last status seen', async () => {
    const { ctx, clock } = setup()
    const report = await runWorkflow('wfl_a', {
      ...ctx,
      waitFirst: { pollIntervalMs: 1000, timeoutMs: 2500, deadline: clock.now() + 2500 }
    })
    expect(report).toMatchObject({
      result: 'failed',
      statusBefore: 'active',
      statusAfter: 'active',
      waitedMs: 2000,
      durationMs: 2000
    })
    expect(report.error).toBe(
      "Workflow wfl_a did not become paused within 'wait-timeout' (2.5 s), so it was not resumed: the last status seen was active. It stopped waiting after 2 s, as the next poll ('poll-interval', 1 s) would have come after 'wait-timeout' ended. Raise 'wait-timeout' if pausing takes longer, or set 'ignore-conflict: true' to let the step succeed in this case."
    )
    expect(sim.requestsFor('resume')).toEqual([])
  })

  it('ends such a wait green with a warning when conflicts are ignored', async () => {
    const { ctx, clock, lines } = setup({ ignoreConflict: true })
    statusAt(clock, 'wfl_a', 'draft', 1000)
    const report = await runWorkflow('wfl_a', {
      ...ctx,
      waitFirst: { pollIntervalMs: 1000, timeoutMs: 2500, deadline: clock.now() + 2500 }
    })
    expect(report).toMatchObject({
      result: 'conflict-ignored',
      statusBefore: 'active',
      statusAfter: 'draft',
      warning: expect.stringContaining('the last status seen was draft')
    })
    expect(report.error).toBeUndefined()
    expect(lines.at(-1)).toMatch(/^warning: .*Continuing because 'ignore-conflict' is true\.$/)
  })

  it.each([
    ['the shared deadline has passed', -5000],
    ['wait-timeout is 0', 0]
  ])('still reads and resumes a paused workflow when %s', async (_when, offset) => {
    const { ctx, clock } = setup()
    const report = await runWorkflow('wfl_p', {
      ...ctx,
      waitFirst: { pollIntervalMs: 1000, timeoutMs: 0, deadline: clock.now() + offset }
    })
    expect(report).toMatchObject({ result: 'resumed', statusBefore: 'paused' })
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
    const report = await runWorkflow('wfl_a', {
      ...ctx,
      waitFirst: { pollIntervalMs: 1000, timeoutMs: 2500, deadline: clock.now() + 2500 }
    })
    expect(sim.requests.map(r => r.action)).toEqual(['get'])
    expect(report).toMatchObject({ result: 'failed', statusAfter: 'active', waitedMs: 1000 })
    expect(report.error).toContain(
      "the last status seen was active. It stopped waiting after 1 s: the API key's rate limit held the next poll back until after 'wait-timeout' ended."
    )
    expect(report.error).not.toContain('failed')
  })

  it.each([0, 3])(
    "says the wait's end cut the last poll short, not the API, with max-retries %i",
    async maxRetries => {
      // The first read is answered; the poll never is. It starts 0.2 s before 'wait-timeout'
      // ends, so that is all the time it gets, far less than its 5 s 'request-timeout'.
      sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 } })
      sim.injectFault({ action: 'get', fault: { type: 'hang' } })
      const { ctx, clock } = setup({ maxRetries })
      const report = await runWorkflow('wfl_a', {
        ...ctx,
        waitFirst: { pollIntervalMs: 1000, timeoutMs: 1200, deadline: clock.now() + 1200 }
      })
      expect(sim.requests.map(r => r.action)).toEqual(['get', 'get'])
      expect(report).toMatchObject({ result: 'failed', statusAfter: 'active' })
      expect(report.error).toContain(
        "the last status seen was active. It stopped waiting after 1 s: the last poll's answer had not come when 'wait-timeout' ended. Raise 'wait-timeout'"
      )
      expect(report.error).not.toMatch(/no answer in time|did not answer|request-timeout/)
    }
  )

  it("says 'no answer in time' when the poll ran out its own 'request-timeout'", async () => {
    sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 } })
    sim.injectFault({ action: 'get', fault: { type: 'hang' }, times: 10 })
    // 0.7 s of 'request-timeout' for the poll, with 0.72 s of 'wait-timeout' still left: its own
    // limit ran out, not the wait's; the back-off (0.75 s) then passes the deadline. Not less:
    // on a busy machine the first read, answered, must fit in 'request-timeout' too.
    const { ctx, clock } = setup({ requestTimeoutMs: 700 })
    const report = await runWorkflow('wfl_a', {
      ...ctx,
      waitFirst: { pollIntervalMs: 1000, timeoutMs: 1720, deadline: clock.now() + 1720 }
    })
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'get'])
    expect(report.error).toContain(
      "the last status seen was active. The last read failed: no answer in time; it stopped waiting after 1 s, as another attempt would have come after 'wait-timeout' ended."
    )
  })

  it.each([
    // The poll's 503 is answered at once.
    ['HTTP 503 (server error)', { type: 'error', status: 503 } as const, 5000],
    // The poll runs out its own 0.7 s 'request-timeout': 0.95 s of 'wait-timeout' were left.
    ['no answer in time', { type: 'hang' } as const, 700]
  ])(
    'names the failure a poll retried when wait-timeout cuts the retry short (%s)',
    async (said, fault, requestTimeoutMs) => {
      sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 } })
      sim.injectFault({ action: 'get', fault })
      sim.injectFault({ action: 'get', fault: { type: 'hang' } })
      // Poll at 1 s, its back-off 0.75 s: the retry at 1.75 s gets the 0.2 s left, and no answer.
      const { ctx, clock } = setup({ requestTimeoutMs })
      const report = await runWorkflow('wfl_a', {
        ...ctx,
        waitFirst: { pollIntervalMs: 1000, timeoutMs: 1950, deadline: clock.now() + 1950 }
      })
      expect(sim.requests.map(r => r.action)).toEqual(['get', 'get', 'get'])
      expect(report).toMatchObject({ result: 'failed', statusAfter: 'active' })
      expect(report.error).toContain(
        `the last status seen was active. It stopped waiting after 1.75 s: the last read failed (${said}), and its retry's answer had not come when 'wait-timeout' ended.`
      )
    }
  )

  it('gives an active workflow one read, and its status, when the deadline has passed', async () => {
    const { ctx, clock } = setup()
    const report = await runWorkflow('wfl_a', {
      ...ctx,
      waitFirst: { pollIntervalMs: 1000, timeoutMs: 1000, deadline: clock.now() - 1 }
    })
    expect(report).toMatchObject({ result: 'failed', statusAfter: 'active', waitedMs: 0 })
    expect(report.error).toContain(
      "the last status seen was active. It stopped waiting after 0 s, as the next poll ('poll-interval', 1 s) would have come after 'wait-timeout' ended."
    )
  })

  it('prints progress about every 30 s while waiting, and each change at once', async () => {
    const { ctx, clock, lines } = setup()
    statusAt(clock, 'wfl_a', 'paused', 75_000)
    await runWorkflow('wfl_a', {
      ...ctx,
      waitFirst: { pollIntervalMs: 10_000, timeoutMs: 600_000, deadline: clock.now() + 600_000 }
    })
    expect(lines).toEqual([
      "info: Waiting for workflow wfl_a to be paused: a poll every 10 s, 600 s left before 'wait-timeout'.",
      'info: Workflow status: active',
      "info: Still waiting: status active; waited 30 s, 570 s left before 'wait-timeout'.",
      "info: Still waiting: status active; waited 60 s, 540 s left before 'wait-timeout'.",
      'info: Workflow status: paused',
      'info: Resumed workflow wfl_a (Busy): status active.'
    ])
  })

  it('treats a final status seen while waiting as a conflict, without a resume request', async () => {
    const { ctx, clock } = setup()
    const report = await runWorkflow('wfl_c', {
      ...ctx,
      waitFirst: { pollIntervalMs: 1000, timeoutMs: 10_000, deadline: clock.now() + 10_000 }
    })
    expect(report).toMatchObject({
      result: 'failed',
      statusBefore: 'cancelled',
      statusAfter: 'cancelled'
    })
    expect(report.error).toContain('it is cancelled, a final status, and can never be resumed')
    expect(report.error).not.toContain('wait-for-paused')
    expect(sim.requests.map(r => r.action)).toEqual(['get'])
  })

  it('fails on a conflict, or warns and succeeds with ignore-conflict', async () => {
    const strict = await runWorkflow('wfl_a', setup().ctx)
    expect(strict).toMatchObject({
      result: 'failed',
      statusBefore: 'active',
      statusAfter: 'active',
      workflowName: 'Busy'
    })
    expect(strict.error).toMatch(/^Workflow wfl_a is not paused, so it was not resumed/)
    expect(strict.error).toContain("set 'wait-for-paused: true'")
    expect(sim.requests.map(r => r.action)).toEqual(['get'])

    const { ctx, lines } = setup({ ignoreConflict: true })
    const lenient = await runWorkflow('wfl_a', ctx)
    expect(lenient.result).toBe('conflict-ignored')
    expect(lenient.error).toBeUndefined()
    expect(lines).toEqual([
      expect.stringMatching(/^warning: Workflow wfl_a is not paused.*'ignore-conflict' is true\.$/)
    ])
  })

  it('does not keep a stale paused after a 409 whose current status cannot be read', async () => {
    // DialNexa's 409 body names no status, and the read after it fails: the step knows the
    // workflow is no longer paused, not what it is.
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 409 } })
    sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 } })
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 503 } })
    const report = await runWorkflow('wfl_p', setup({ ignoreConflict: true }).ctx)
    expect(sim.requests.map(r => `${r.action}:${r.statusCode}`)).toEqual([
      'get:200',
      'resume:409',
      'get:503'
    ])
    expect(report).toMatchObject({ result: 'conflict-ignored', statusBefore: 'paused' })
    expect(report.warning).toContain('refused to resume workflow wfl_p with a conflict (HTTP 409)')
    expect(report.warning).toContain('its status could not be read')
    expect(report.statusAfter).toBeUndefined()
  })

  it('reports the status the read-back shows when a resume fails after it, not the first read', async () => {
    // The resume's 502 leaves its outcome open; the read-back settles it: someone cancelled it.
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 502 } })
    void sim.arrival('resume').then(() => sim.setStatus('wfl_p', 'cancelled'))
    const report = await runWorkflow('wfl_p', setup({ maxRetries: 0 }).ctx)
    expect(sim.requests.map(r => `${r.action}:${r.statusCode}`)).toEqual([
      'get:200',
      'resume:502',
      'get:200'
    ])
    expect(report).toMatchObject({
      result: 'failed',
      statusBefore: 'paused',
      statusAfter: 'cancelled'
    })
    expect(report.error).toContain('its status when last read was cancelled.')
  })

  it('keeps the last status a poll saw, and the time waited, when a wait ends in a failure', async () => {
    const { ctx, clock } = setup()
    statusAt(clock, 'wfl_a', 'draft', 1000)
    // The first read and the poll that sees draft are answered; the next poll is a 404.
    sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 }, times: 2 })
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 404 } })
    const report = await runWorkflow('wfl_a', {
      ...ctx,
      waitFirst: { pollIntervalMs: 1000, timeoutMs: 60_000, deadline: clock.now() + 60_000 }
    })
    expect(sim.requests.map(r => `${r.action}:${r.statusCode}`)).toEqual([
      'get:200',
      'get:200',
      'get:404'
    ])
    expect(report).toMatchObject({
      result: 'failed',
      statusBefore: 'active',
      statusAfter: 'draft',
      waitedMs: 2000
    })
    expect(report.error).toContain('its status when last read was draft.')
    expect(report.error).toContain('It was read earlier in this job, so it was most likely deleted')
    expect(report.error).not.toContain("Check 'workflow-id'")
  })

  it.each([
    ['resume', RESUME, 'wfl_p'],
    ['pause', PAUSE, 'wfl_a']
  ] as const)(
    'says a workflow whose %s gets a 404 right after its read was most likely deleted',
    async (action, verb, id) => {
      sim.injectFault({ action, fault: { type: 'error', status: 404 } })
      const report = await runWorkflow(id, { ...setup().ctx, verb })
      expect(sim.requests.map(r => `${r.action}:${r.statusCode}`)).toEqual([
        'get:200',
        `${action}:404`
      ])
      expect(report.result).toBe('failed')
      expect(report.error).toMatch(
        new RegExp(
          `^DialNexa API returned HTTP 404 for workflow ${id}\\..* It was read earlier in this job, so it was most likely deleted since; check it in DialNexa\\. It was not ${verb.past}; its status when last read was \\w+\\.$`
        )
      )
      expect(report.error).not.toContain("Check 'workflow-id'")
    }
  )

  it('counts requests, retries and clock time across a retried resume', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 503 } })
    const { ctx, clock } = setup()
    const report = await runWorkflow('wfl_p', ctx)
    expect(report).toMatchObject({ result: 'resumed', requests: 4, waits: 1 })
    expect(report.durationMs).toBe(clock.sleeps.reduce((a, b) => a + b, 0))
    expect(clock.sleeps).toHaveLength(1)
  })

  it('reports an API failure with the client’s message', async () => {
    const report = await runWorkflow('wfl_gone', setup().ctx)
    expect(report.result).toBe('failed')
    expect(report.error).toMatch(/^DialNexa API returned HTTP 404 for workflow wfl_gone\./)
    // Never found: the ID may be wrong.
    expect(report.error).toContain("Check 'workflow-id'")
    expect(report.statusBefore).toBeUndefined()
  })

  it('reports a cancelled run as cancelled, without a request', async () => {
    const { ctx, controller } = setup()
    controller.abort()
    const report = await runWorkflow('wfl_p', ctx)
    expect(report).toMatchObject({
      result: 'cancelled',
      error: 'The run was cancelled before workflow wfl_p was resumed.',
      requests: 0
    })
    expect(sim.requests).toEqual([])
    expect(sim.workflow('wfl_p')?.status).toBe('paused')
  })

  it('runs the pause verb through the same steps', async () => {
    const { ctx, lines } = setup({ verb: PAUSE })
    await expect(runWorkflow('wfl_a', ctx)).resolves.toMatchObject({
      result: 'paused',
      statusBefore: 'active',
      statusAfter: 'paused'
    })
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'pause'])
    expect(lines).toEqual(['info: Paused workflow wfl_a (Busy): status paused.'])
  })

  it('reports a resume that a check confirms after the job was cancelled mid-request', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'hang-after-apply' } })
    const { ctx, controller, lines } = setup()
    // Cancelled once the resume has arrived: a timer could fire before a slow first read ends.
    void sim.arrival('resume').then(() => controller.abort())
    const report = await runWorkflow('wfl_p', ctx)
    expect(report).toMatchObject({ result: 'resumed', statusAfter: 'active' })
    expect(report.error).toBeUndefined()
    expect(lines).toEqual([
      'info: Resumed workflow wfl_p (Nurture): status active (the run was cancelled with the request in flight; a check confirmed it).'
    ])
  })

  it('says "may have been resumed" when the check after a cancellation cannot tell', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'hang-after-apply' } })
    // The first read succeeds; the check after the cancellation never gets an answer.
    sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 } })
    sim.injectFault({ action: 'get', fault: { type: 'hang' } })
    const { ctx, controller } = setup()
    void sim.arrival('resume').then(() => controller.abort())
    const report = await runWorkflow('wfl_p', ctx)
    expect(report.result).toBe('unknown')
    expect(report.error).toMatch(/it may have been resumed\. Check its status in DialNexa/)
    expect(report.statusAfter).toBeUndefined()
  })

  it('records when the change took effect, on the clock', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'error', status: 503 } })
    const { ctx, clock } = setup({ verb: PAUSE })
    const started = clock.now()
    const report = await runWorkflow('wfl_a', ctx)
    expect(report.result).toBe('paused')
    expect(clock.sleeps).toHaveLength(1)
    expect(report.changedAt).toBe(started + clock.sleeps[0]!)
  })

  it('records when the change that took effect was sent, not when a read confirmed it', async () => {
    // Applied, answer lost: the read after the back-off shows it, but it took effect before.
    sim.injectFault({ action: 'pause', fault: { type: 'error-after-apply', status: 503 } })
    const { ctx, clock } = setup({ verb: PAUSE })
    const started = clock.now()
    const report = await runWorkflow('wfl_a', ctx)
    expect(report.result).toBe('paused')
    expect(clock.sleeps).toHaveLength(1)
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'pause', 'get'])
    expect(report.changedAt).toBe(started)
  })

  it('with acceptAlready, succeeds on the status the verb produces, at the level asked', async () => {
    const { ctx, lines } = setup({
      verb: PAUSE,
      conflictRules: { acceptAlready: true },
      alreadyLevel: 'notice'
    })
    const report = await runWorkflow('wfl_p', ctx)
    expect(report).toMatchObject({
      result: 'already',
      statusBefore: 'paused',
      statusAfter: 'paused',
      workflowName: 'Nurture'
    })
    expect(report.error).toBeUndefined()
    expect(report.changedAt).toBeUndefined()
    // Read first: no pause is sent to a workflow that is already paused.
    expect(sim.requests.map(r => r.action)).toEqual(['get'])
    expect(lines).toEqual([
      'notice: Workflow wfl_p is already paused, so this step did not pause it.'
    ])
    // A status the verb does not produce is still a conflict.
    const draft = await runWorkflow('wfl_c', ctx)
    expect(draft.result).toBe('failed')
  })

  it('without acceptAlready, the status the verb produces is a conflict as before', async () => {
    const report = await runWorkflow('wfl_p', setup({ verb: PAUSE }).ctx)
    expect(report.result).toBe('failed')
    expect(report.error).toMatch(/^Workflow wfl_p is not active, so it was not paused/)
  })

  it('with finalIsWarning, reports a workflow that became final with a warning', async () => {
    const { ctx, lines } = setup({ conflictRules: { acceptAlready: true, finalIsWarning: true } })
    const report = await runWorkflow('wfl_c', ctx)
    expect(report.result).toBe('conflict-ignored')
    expect(report.error).toBeUndefined()
    expect(lines).toEqual([
      'warning: Workflow wfl_c is not paused, so it was not resumed: it is cancelled, a final status, and can never be resumed. Leaving it as it is.'
    ])
  })
})
