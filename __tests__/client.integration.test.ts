import { RetryWait } from '../src/api/client.js'
import { DialNexaApiError } from '../src/api/retry.js'
import { CancelledError } from '../src/core/cancellation.js'
import { MAX_BODY_BYTES } from '../src/api/body.js'
import { RESUME } from '../src/core/status.js'
import { USER_AGENT } from '../src/core/version.js'
import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { clientFor } from './helpers/client.js'

let sim: DialNexaSimulator
let url: string

beforeEach(async () => {
  sim = new DialNexaSimulator({
    workflows: [
      {
        id: 'wfl_paused',
        name: '30-Day Lead Nurture',
        status: 'paused',
        enrolled_leads: 420,
        node_count: 5
      },
      {
        id: 'wf_titled',
        title: 'Lead Nurture Sequence',
        organization_id: 'org_xyz',
        status: 'active'
      }
    ]
  })
  url = await sim.start()
})
afterEach(() => sim.stop())

async function failureOf(promise: Promise<unknown>): Promise<DialNexaApiError> {
  const error = await promise.catch(e => e)
  expect(error).toBeInstanceOf(DialNexaApiError)
  return error as DialNexaApiError
}

describe('DialNexaClient against the simulator', () => {
  it('reads a workflow in either record shape', async () => {
    const { client } = clientFor(url)
    await expect(client.getWorkflow('wfl_paused')).resolves.toEqual({
      id: 'wfl_paused',
      name: '30-Day Lead Nurture',
      status: 'paused',
      enrolledLeads: 420
    })
    await expect(client.getWorkflow('wf_titled')).resolves.toEqual({
      id: 'wf_titled',
      name: 'Lead Nurture Sequence',
      status: 'active'
    })
  })

  it('resumes with a bearer key, our User-Agent and no body', async () => {
    const { client } = clientFor(url)
    const record = await client.once('wfl_paused', {}, RESUME)
    expect(record.status).toBe('active')
    expect(sim.workflow('wfl_paused')?.status).toBe('active')
    const [request] = sim.requestsFor('resume')
    expect(request?.authorization).toBe(`Bearer ${SIMULATOR_API_KEY}`)
    expect(request?.userAgent).toBe(USER_AGENT)
    expect(client.stats).toEqual({ requests: 1, waits: 0 })
  })

  it('reports a 409 with the server message', async () => {
    const { client } = clientFor(url)
    const error = await failureOf(client.once('wf_titled', {}, RESUME))
    expect(error.failure).toMatchObject({
      kind: 'http',
      statusCode: 409,
      serverMessage: "Workflow cannot resume from status 'active'",
      verb: 'resume'
    })
  })

  it.each([
    ['a wrong key', { apiKey: 'dnx_test_wrong' }, 401],
    ['a missing workflow', {}, 404]
  ])('fails at once for %s', async (_what, overrides, code) => {
    const { client, clock } = clientFor(url, overrides)
    const id = code === 404 ? 'wfl_missing' : 'wfl_paused'
    const error = await failureOf(client.getWorkflow(id))
    expect(error.failure).toMatchObject({ kind: 'http', workflowId: id, statusCode: code })
    expect(error.failure.verb).toBeUndefined()
    expect(sim.requests).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
  })

  it('fails at once on 403 for a key without workflow permission', async () => {
    await sim.stop()
    sim = new DialNexaSimulator({
      forbiddenKeys: ['dnx_test_readonly'],
      workflows: [{ id: 'w1', status: 'paused' }]
    })
    url = await sim.start()
    const { client } = clientFor(url, { apiKey: 'dnx_test_readonly' })
    const error = await failureOf(client.getWorkflow('w1'))
    expect(error.failure.statusCode).toBe(403)
    expect(sim.requests).toHaveLength(1)
  })

  it('passes an array message through', async () => {
    sim.injectFault({
      action: 'get',
      fault: { type: 'error', status: 400, message: ['id is invalid', 'too long'] }
    })
    const { client } = clientFor(url)
    const error = await failureOf(client.getWorkflow('wfl_paused'))
    expect(error.failure).toMatchObject({
      statusCode: 400,
      serverMessage: 'id is invalid; too long'
    })
    expect(sim.requests).toHaveLength(1)
  })

  it.each([422, 400])('never retries %i', async code => {
    sim.injectFault({ action: 'get', fault: { type: 'error', status: code } })
    const { client } = clientFor(url)
    await failureOf(client.getWorkflow('wfl_paused'))
    expect(sim.requests).toHaveLength(1)
  })

  it('honours Retry-After in seconds on 429', async () => {
    sim.injectFault({ action: 'get', fault: { type: 'rate-limit', retryAfter: '7' } })
    const { client, clock } = clientFor(url)
    await expect(client.getWorkflow('wfl_paused')).resolves.toMatchObject({ status: 'paused' })
    // 7 s, then a spread of half a 2-second window (the helper's random is 0.5).
    expect(clock.sleeps).toEqual([8000])
    expect(client.stats).toEqual({ requests: 2, waits: 1 })
  })

  it('honours Retry-After in decimal seconds', async () => {
    sim.injectFault({ action: 'get', fault: { type: 'rate-limit', retryAfter: '1.5' } })
    const { client, clock } = clientFor(url)
    await expect(client.getWorkflow('wfl_paused')).resolves.toMatchObject({ status: 'paused' })
    expect(clock.sleeps).toEqual([1500 + 375])
  })

  it('backs off exponentially even when Retry-After says 0', async () => {
    sim.injectFault({ action: 'get', fault: { type: 'rate-limit', retryAfter: '0' }, times: 11 })
    const { client, clock } = clientFor(url, { maxRetries: 10 })
    const error = await failureOf(client.getWorkflow('wfl_paused'))
    expect(error.failure.statusCode).toBe(429)
    expect(sim.requests).toHaveLength(11)
    expect(clock.sleeps).toEqual([
      750, 1500, 3000, 6000, 12_000, 22_500, 22_500, 22_500, 22_500, 22_500
    ])
  })

  it('honours Retry-After as an HTTP date on 429', async () => {
    const at = new Date(Date.now() + 20_000).toUTCString()
    sim.injectFault({ action: 'get', fault: { type: 'rate-limit', retryAfter: at } })
    const { client, clock } = clientFor(url)
    await client.getWorkflow('wfl_paused')
    expect(clock.sleeps[0]).toBeGreaterThan(17_000 + 1000)
    expect(clock.sleeps[0]).toBeLessThanOrEqual(20_000 + 1000)
  })

  it('honours Retry-After on a 503 too', async () => {
    sim.injectFault({
      action: 'get',
      fault: { type: 'error', status: 503, headers: { 'Retry-After': '4' } }
    })
    const { client, clock } = clientFor(url)
    await expect(client.getWorkflow('wfl_paused')).resolves.toMatchObject({ status: 'paused' })
    expect(clock.sleeps).toEqual([5000])
  })

  it('backs off exponentially on 429 without Retry-After and on 5xx', async () => {
    sim.injectFault({ action: 'get', fault: { type: 'rate-limit' } })
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 502 } })
    sim.injectFault({ action: 'get', fault: { type: 'html', status: 503 } })
    const { client, clock } = clientFor(url)
    await expect(client.getWorkflow('wfl_paused')).resolves.toMatchObject({ status: 'paused' })
    expect(clock.sleeps).toEqual([750, 1500, 3000])
  })

  it('describes an HTML error page in its own words, never as a quote from the API', async () => {
    sim.injectFault({ action: 'get', fault: { type: 'html', status: 502 } })
    const { client } = clientFor(url, { maxRetries: 0 })
    const error = await failureOf(client.getWorkflow('wfl_paused'))
    expect(error.failure).toEqual({
      kind: 'http',
      workflowId: 'wfl_paused',
      statusCode: 502,
      body: { shape: 'page', contentType: 'text/html' }
    })
  })

  it('gives up after max-retries retries', async () => {
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 500 }, times: 10 })
    const { client } = clientFor(url, { maxRetries: 2 })
    const error = await failureOf(client.getWorkflow('wfl_paused'))
    expect(error.failure.statusCode).toBe(500)
    expect(sim.requests).toHaveLength(3)
  })

  it('retries a connection reset', async () => {
    sim.injectFault({ action: 'get', fault: { type: 'reset' } })
    const { client } = clientFor(url)
    await expect(client.getWorkflow('wfl_paused')).resolves.toMatchObject({ status: 'paused' })
    expect(client.stats.waits).toBe(1)
  })

  it('times out a request that hangs, then retries it', async () => {
    sim.injectFault({ action: 'get', fault: { type: 'hang' } })
    // Long enough for the retry's answer on a busy machine, which must not be cut too.
    const waits: RetryWait[] = []
    const { client, clock } = clientFor(url, {
      requestTimeoutMs: 1000,
      onWait: wait => waits.push(wait)
    })
    await expect(client.getWorkflow('wfl_paused')).resolves.toMatchObject({ status: 'paused' })
    // The hang ended at request-timeout, its own limit; the back-off is on the clock.
    expect(waits).toEqual([
      {
        call: 'read',
        cause: { kind: 'timeout', workflowId: 'wfl_paused', cutByDeadline: false },
        delayMs: clock.sleeps[0],
        waitNumber: 1,
        next: 'send'
      }
    ])
    expect(clock.sleeps).toHaveLength(1)
    expect(client.stats).toEqual({ requests: 2, waits: 1 })
  })

  it('times out a request whose answer comes later than request-timeout', async () => {
    sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 1500 } })
    const { client } = clientFor(url, { requestTimeoutMs: 200, maxRetries: 0 })
    const error = await failureOf(client.getWorkflow('wfl_paused'))
    expect(error.failure.kind).toBe('timeout')
  })

  it('fails clearly on a 2xx that is not a JSON record', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'html', status: 200 } })
    const { client } = clientFor(url)
    const error = await failureOf(client.once('wfl_paused', {}, RESUME))
    expect(error.failure).toEqual({
      kind: 'invalid-response',
      workflowId: 'wfl_paused',
      statusCode: 200,
      body: { shape: 'page', contentType: 'text/html' }
    })
  })

  it("does not take another workflow's record as the answer", async () => {
    sim.injectFault({
      action: 'get',
      fault: {
        type: 'raw',
        status: 200,
        body: JSON.stringify({ id: 'wf_titled', status: 'paused' }),
        contentType: 'application/json'
      }
    })
    const { client } = clientFor(url)
    const error = await failureOf(client.once('wfl_paused'))
    expect(error.failure).toEqual({
      kind: 'invalid-response',
      workflowId: 'wfl_paused',
      statusCode: 200,
      body: { shape: 'other-record', id: 'wf_titled' }
    })
  })

  it('takes no status from an error body that names another workflow', async () => {
    const conflict = (id: string) =>
      JSON.stringify({
        statusCode: 409,
        message: 'Conflict',
        error: 'Conflict',
        id,
        status: 'active'
      })
    sim.injectFault({
      action: 'resume',
      fault: {
        type: 'raw',
        status: 409,
        body: conflict('wf_titled'),
        contentType: 'application/json'
      }
    })
    sim.injectFault({
      action: 'resume',
      fault: {
        type: 'raw',
        status: 409,
        body: conflict('wfl_paused'),
        contentType: 'application/json'
      }
    })
    const { client } = clientFor(url)
    const other = await failureOf(client.once('wfl_paused', {}, RESUME))
    expect(other.isStatus(409)).toBe(true)
    expect(other.failure.serverStatus).toBeUndefined()
    // Its own record's status still counts.
    const own = await failureOf(client.once('wfl_paused', {}, RESUME))
    expect(own.failure.serverStatus).toBe('active')
  })

  it('stops reading an answer past 1 MiB, and says so', async () => {
    // A valid record padded past the limit: only the size can make it fail.
    const record = { id: 'wfl_paused', status: 'paused', padding: 'x'.repeat(MAX_BODY_BYTES) }
    sim.injectFault({
      action: 'get',
      fault: { type: 'raw', status: 200, body: JSON.stringify(record) }
    })
    const { client } = clientFor(url)
    const error = await failureOf(client.once('wfl_paused'))
    expect(error.failure).toEqual({
      kind: 'invalid-response',
      workflowId: 'wfl_paused',
      statusCode: 200,
      body: { shape: 'oversized' }
    })
  })

  it('reads an answer just under the limit', async () => {
    const record = { id: 'wfl_paused', status: 'paused', padding: '' }
    record.padding = 'x'.repeat(MAX_BODY_BYTES - JSON.stringify(record).length)
    sim.injectFault({
      action: 'get',
      fault: { type: 'raw', status: 200, body: JSON.stringify(record) }
    })
    const { client } = clientFor(url)
    expect((await client.once('wfl_paused')).status).toBe('paused')
  })

  it('reports a connection refused naming the address, with a debug line', async () => {
    const { port } = new URL(url)
    await sim.stop()
    const lines: string[] = []
    const { client } = clientFor(`http://127.0.0.1:${port}/v1`, {
      maxRetries: 1,
      onExchange: line => lines.push(line)
    })
    const error = await failureOf(client.getWorkflow('wfl_paused'))
    expect(error.failure).toEqual({
      kind: 'network',
      workflowId: 'wfl_paused',
      network: { cause: 'refused', code: 'ECONNREFUSED', where: `127.0.0.1:${port}` },
      retryable: true
    })
    expect(lines).toEqual([
      expect.stringMatching(/^GET \/v1\/workflows\/wfl_paused -> failed in \d+ ms: ECONNREFUSED$/),
      expect.stringMatching(/^GET \/v1\/workflows\/wfl_paused -> failed in \d+ ms: ECONNREFUSED$/)
    ])
  })

  it('logs a debug line for an answered request and for one that timed out', async () => {
    sim.injectFault({ action: 'get', fault: { type: 'hang' } })
    const lines: string[] = []
    const { client } = clientFor(url, {
      // Long enough for the retry's answer on a busy machine, which must not be cut too.
      requestTimeoutMs: 1000,
      onExchange: line => lines.push(line)
    })
    await client.getWorkflow('wfl_paused')
    expect(lines).toEqual([
      'GET /v1/workflows/wfl_paused -> no answer within 1000 ms',
      expect.stringMatching(/^GET \/v1\/workflows\/wfl_paused -> HTTP 200 in \d+ ms$/)
    ])
  })

  it('logs a debug line for a request the cancellation cuts off, as for one that timed out', async () => {
    sim.injectFault({ action: 'get', fault: { type: 'hang' } })
    const controller = new AbortController()
    const lines: string[] = []
    const { client } = clientFor(url, {
      signal: controller.signal,
      onExchange: line => lines.push(line)
    })
    const pending = client.once('wfl_paused')
    await sim.arrival('get')
    controller.abort()
    await expect(pending).rejects.toBeInstanceOf(CancelledError)
    expect(lines).toEqual(['GET /v1/workflows/wfl_paused -> cancelled before an answer came'])
  })

  it('stops an in-flight request when cancelled', async () => {
    sim.injectFault({ action: 'get', fault: { type: 'hang' } })
    const controller = new AbortController()
    const { client } = clientFor(url, { signal: controller.signal })
    const pending = client.getWorkflow('wfl_paused')
    // Cancelled once the request has arrived, however long a busy machine takes to send it.
    void sim.arrival('get').then(() => controller.abort())
    await expect(pending).rejects.toBeInstanceOf(CancelledError)
    expect(sim.requests).toHaveLength(1)
  })
})
