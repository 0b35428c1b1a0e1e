import { request } from 'node:http'
import { gunzipSync } from 'node:zlib'
import {
  ContentEncoding,
  DialNexaSimulator,
  errorBody,
  SIMULATOR_API_KEY
} from '../simulator/simulator.js'

/** The simulator is shared by tests, the demo and benchmarks, so its own rules are checked too. */

let sim: DialNexaSimulator
let url: string
const auth = { Authorization: `Bearer ${SIMULATOR_API_KEY}` }

beforeEach(async () => {
  sim = new DialNexaSimulator({
    workflows: [
      { id: 'wfl_a', name: 'A', status: 'active' },
      { id: 'wfl_d', name: 'D', status: 'draft' }
    ]
  })
  url = await sim.start()
})
afterEach(() => sim.stop())

const post = (path: string) => fetch(`${url}${path}`, { method: 'POST', headers: auth })
const get = (path: string) => fetch(`${url}${path}`, { headers: auth })
const statusRead = async (id: string): Promise<string> =>
  ((await (await get(`/workflows/${id}`)).json()) as { status: string }).status

/** The body's bytes as sent, before any decoding (fetch would strip a BOM and decompress). */
function rawAnswer(
  method: string,
  path: string
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers: auth }, res => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
      )
    })
    req.on('error', reject)
    req.end()
  })
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf])

describe('DialNexaSimulator', () => {
  it('walks the status machine: pause, resume, cancel, and 409 from a final status', async () => {
    expect((await post('/workflows/wfl_a/pause')).status).toBe(200)
    expect(sim.workflow('wfl_a')?.status).toBe('paused')
    expect((await post('/workflows/wfl_a/pause')).status).toBe(409)
    const resumed = await post('/workflows/wfl_a/resume')
    expect(await resumed.json()).toMatchObject({ id: 'wfl_a', status: 'active' })
    const cancelled = await post('/workflows/wfl_a/cancel')
    expect(cancelled.status).toBe(200)
    const conflict = await post('/workflows/wfl_a/resume')
    expect(conflict.status).toBe(409)
    expect(await conflict.json()).toEqual({
      statusCode: 409,
      message: "Workflow cannot resume from status 'cancelled'",
      error: 'Conflict'
    })
  })

  it('tells a test when a request for an action and workflow has arrived', async () => {
    const seen: string[] = []
    void sim.arrival('pause', 'wfl_a').then(r => seen.push(`${r.method} ${r.path}`))
    await fetch(`${url}/workflows/wfl_a`, { headers: auth })
    await post('/workflows/wfl_d/pause')
    expect(seen).toEqual([])
    await post('/workflows/wfl_a/pause')
    expect(seen).toEqual(['POST /v1/workflows/wfl_a/pause'])
    // One that has arrived already answers at once.
    expect((await sim.arrival('get')).path).toBe('/v1/workflows/wfl_a')
  })

  it('tells a test when the nth such request has arrived, once its answer is sent', async () => {
    const seen: string[] = []
    void sim.arrival('get', 'wfl_a', 2).then(request => {
      seen.push(request.path)
      sim.setStatus('wfl_a', 'paused')
    })
    const read = async () =>
      (
        (await (await fetch(`${url}/workflows/wfl_a`, { headers: auth })).json()) as {
          status: string
        }
      ).status
    expect(await read()).toBe('active')
    expect(seen).toEqual([])
    // The second read is answered before the callback runs, so it still shows the status then.
    expect(await read()).toBe('active')
    expect(seen).toEqual(['/v1/workflows/wfl_a'])
    expect(await read()).toBe('paused')
  })

  it('holds an answer back until the event it waits for', async () => {
    let release = (): void => undefined
    const event = new Promise<void>(resolve => (release = resolve))
    sim.injectFault({ action: 'get', workflowId: 'wfl_a', fault: { type: 'wait-for', event } })
    let answered = false
    const held = fetch(`${url}/workflows/wfl_a`, { headers: auth }).then(response => {
      answered = true
      return response
    })
    await sim.arrival('get', 'wfl_a')
    // Another request comes and goes meanwhile; the held one is still unanswered.
    expect((await fetch(`${url}/workflows/wfl_d`, { headers: auth })).status).toBe(200)
    expect(answered).toBe(false)
    release()
    expect(await (await held).json()).toMatchObject({ id: 'wfl_a', status: 'active' })
  })

  it('refuses to resume a draft', async () => {
    expect((await post('/workflows/wfl_d/resume')).status).toBe(409)
  })

  it('requires a valid bearer key', async () => {
    const response = await fetch(`${url}/workflows/wfl_a`)
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual(errorBody(401, 'Invalid or missing API key'))
  })

  it('lists workflows with paging metadata', async () => {
    const response = await fetch(`${url}/workflows`, { headers: auth })
    expect(await response.json()).toMatchObject({ meta: { total: 2, totalPages: 1 } })
  })

  it('sends rate-limit headers and a 429 with Retry-After past the limit', async () => {
    await sim.stop()
    // Five seconds into an hour-long window, on a clock that stays there: on the real clock, a
    // window edge between two requests would start a fresh budget.
    const hourStart = 472_222 * 3_600_000
    sim = new DialNexaSimulator({
      workflows: [{ id: 'wfl_a', status: 'active' }],
      rateLimit: { limit: 3, windowMs: 3_600_000, now: () => hourStart + 5000 }
    })
    url = await sim.start()
    const answers = []
    for (let i = 0; i < 4; i++)
      answers.push(await fetch(`${url}/workflows/wfl_a`, { headers: auth }))
    expect(answers.map(a => a.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0', '0'])
    expect(answers[3]!.status).toBe(429)
    expect(answers[3]!.headers.get('retry-after')).toBe('3595')
    expect(answers[0]!.headers.get('x-ratelimit-reset')).toBe(String(hourStart / 1000 + 3600))
  })

  it('starts a fresh budget when its clock reaches the next window', async () => {
    await sim.stop()
    let now = 1_700_000_000_000
    sim = new DialNexaSimulator({
      workflows: [{ id: 'wfl_a', status: 'active' }],
      rateLimit: { limit: 1, windowMs: 1000, now: () => now }
    })
    url = await sim.start()
    const status = async () => (await fetch(`${url}/workflows/wfl_a`, { headers: auth })).status
    expect([await status(), await status()]).toEqual([200, 429])
    now += 999
    expect(await status()).toBe(429)
    now += 1
    expect(await status()).toBe(200)
  })

  it('applies scripted faults once by default, then behaves', async () => {
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 503 } })
    expect((await fetch(`${url}/workflows/wfl_a`, { headers: auth })).status).toBe(503)
    expect((await fetch(`${url}/workflows/wfl_a`, { headers: auth })).status).toBe(200)
  })

  it('flips a status on a schedule and records when', async () => {
    sim.scheduleStatus('wfl_a', 'paused', 50)
    await new Promise(resolve => setTimeout(resolve, 120))
    expect(sim.statusChanges).toEqual([
      { workflowId: 'wfl_a', from: 'active', to: 'paused', at: expect.any(Number) }
    ])
  })

  it('labels each request with the fault it got', async () => {
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 503 }, label: 'GET=503' })
    sim.injectFault({ action: 'pause', fault: { type: 'error', status: 500 } })
    await get('/workflows/wfl_a')
    await post('/workflows/wfl_a/pause')
    await get('/workflows/wfl_a')
    expect(sim.requests.map(r => r.fault)).toEqual(['GET=503', 'error', undefined])
  })

  it("answers a 409 with the API's own message, and leaves the workflow as it was", async () => {
    sim.setStatus('wfl_a', 'paused')
    const message = 'Workflow wfl_a is locked by an import in progress'
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 409, message } })
    const conflict = await post('/workflows/wfl_a/resume')
    expect(conflict.status).toBe(409)
    expect(await conflict.json()).toEqual({ statusCode: 409, message, error: 'Conflict' })
    expect(sim.workflow('wfl_a')?.status).toBe('paused')
  })

  it('redirects with no Location, which cannot be followed, applied or not', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'redirect', status: 303, afterApply: true } })
    const applied = await post('/workflows/wfl_a/pause')
    expect(applied.status).toBe(303)
    expect(applied.headers.get('location')).toBeNull()
    expect(sim.workflow('wfl_a')?.status).toBe('paused')

    sim.injectFault({ action: 'resume', fault: { type: 'redirect', status: 303 } })
    const unapplied = await fetch(`${url}/workflows/wfl_a/resume`, {
      method: 'POST',
      headers: auth,
      redirect: 'manual'
    })
    expect(unapplied.status).toBe(303)
    expect(unapplied.headers.get('location')).toBeNull()
    expect(sim.workflow('wfl_a')?.status).toBe('paused')
  })

  it('accepts a change with 202 and the old record, and applies it on the nth later request', async () => {
    sim.injectFault({
      action: 'pause',
      fault: { type: 'accepted-late', applyOnRequest: 2 }
    })
    const accepted = await post('/workflows/wfl_a/pause')
    expect(accepted.status).toBe(202)
    expect(await accepted.json()).toMatchObject({ id: 'wfl_a', status: 'active' })
    expect(sim.workflow('wfl_a')?.status).toBe('active')
    // Requests for another workflow do not count.
    expect(await statusRead('wfl_d')).toBe('draft')
    expect(await statusRead('wfl_a')).toBe('active')
    // The second later request for wfl_a is the first to see the change.
    expect(await statusRead('wfl_a')).toBe('paused')
    expect(sim.statusChanges).toEqual([
      { workflowId: 'wfl_a', from: 'active', to: 'paused', at: expect.any(Number) }
    ])
  })

  it('applies an accepted change when the event it waits for settles', async () => {
    let release = (): void => undefined
    const applyOn = new Promise<void>(resolve => (release = resolve))
    sim.injectFault({ action: 'pause', fault: { type: 'accepted-late', status: 200, applyOn } })
    const accepted = await post('/workflows/wfl_a/pause')
    expect(accepted.status).toBe(200)
    expect(await accepted.json()).toMatchObject({ status: 'active' })
    expect(await statusRead('wfl_a')).toBe('active')
    release()
    await sim.whenStatus('wfl_a', 'paused')
    expect(await statusRead('wfl_a')).toBe('paused')
  })

  it('applies an accepted change after a delay, no sooner', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'accepted-late', applyAfterMs: 30 } })
    const accepted = await post('/workflows/wfl_a/pause')
    expect(accepted.status).toBe(202)
    const [arrival] = sim.requestsFor('pause')
    await sim.whenStatus('wfl_a', 'paused')
    // Node may fire a timer up to a millisecond early.
    expect(sim.statusChanges[0]!.at - arrival!.at).toBeGreaterThanOrEqual(29)
  })

  it('never applies an accepted change without a trigger, nor one its status no longer allows', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'accepted-late' } })
    expect((await post('/workflows/wfl_a/pause')).status).toBe(202)
    expect(await statusRead('wfl_a')).toBe('active')

    sim.injectFault({ action: 'pause', fault: { type: 'accepted-late', applyOnRequest: 1 } })
    expect((await post('/workflows/wfl_a/pause')).status).toBe(202)
    sim.setStatus('wfl_a', 'cancelled')
    expect(await statusRead('wfl_a')).toBe('cancelled')
    // A call the status refuses is answered as usual.
    sim.injectFault({ action: 'resume', fault: { type: 'accepted-late', applyOnRequest: 1 } })
    expect((await post('/workflows/wfl_a/resume')).status).toBe(409)
    expect(sim.statusChanges.map(c => c.to)).toEqual(['cancelled'])
  })

  it('puts a byte-order mark before a record or an error body', async () => {
    sim.injectFault({ action: 'get', fault: { type: 'encoded', bom: true } })
    const record = await rawAnswer('GET', '/workflows/wfl_a')
    expect(record.status).toBe(200)
    expect(record.body.subarray(0, 3)).toEqual(BOM)
    expect(JSON.parse(record.body.subarray(3).toString('utf8'))).toMatchObject({ id: 'wfl_a' })

    const message = 'Workflow cannot resume from status ‘active’'
    sim.injectFault({
      action: 'resume',
      fault: { type: 'encoded', bom: true, fault: { type: 'error', status: 409, message } }
    })
    const error = await rawAnswer('POST', '/workflows/wfl_a/resume')
    expect(error.status).toBe(409)
    expect(error.body.subarray(0, 3)).toEqual(BOM)
    expect(JSON.parse(error.body.subarray(3).toString('utf8'))).toEqual(errorBody(409, message))
    // The next answer is plain again.
    expect((await rawAnswer('GET', '/workflows/wfl_a')).body[0]).toBe('{'.charCodeAt(0))
  })

  it.each<ContentEncoding>(['gzip', 'deflate', 'br'])(
    'compresses a valid answer with Content-Encoding %s',
    async contentEncoding => {
      sim.injectFault({ action: 'get', fault: { type: 'encoded', contentEncoding } })
      // fetch decodes all three, as a tolerant client would.
      const response = await get('/workflows/wfl_a')
      expect(response.headers.get('content-encoding')).toBe(contentEncoding)
      expect(await response.json()).toMatchObject({ id: 'wfl_a', status: 'active' })
    }
  )

  it('compresses after the byte-order mark, and can name a charset', async () => {
    sim.injectFault({
      action: 'get',
      fault: {
        type: 'encoded',
        bom: true,
        contentEncoding: 'gzip',
        contentType: 'application/json; charset=utf-8'
      }
    })
    const answer = await rawAnswer('GET', '/workflows/wfl_a')
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8')
    const body = gunzipSync(answer.body)
    expect(body.subarray(0, 3)).toEqual(BOM)
    expect(JSON.parse(body.subarray(3).toString('utf8'))).toMatchObject({ id: 'wfl_a' })
    // The simulator's own Content-Type has no charset.
    expect((await get('/workflows/wfl_a')).headers.get('content-type')).toBe('application/json')
  })

  it('sends a Date from a skewed clock, and the rate-limit reset on that clock', async () => {
    await sim.stop()
    const now = 472_222 * 3_600_000 + 500
    const skew = 10 * 60_000
    sim = new DialNexaSimulator({
      workflows: [{ id: 'wfl_a', status: 'active' }],
      rateLimit: { limit: 5, windowMs: 2000, now: () => now },
      clockSkewMs: skew
    })
    url = await sim.start()
    const response = await get('/workflows/wfl_a')
    const date = Date.parse(response.headers.get('date')!)
    expect(date).toBe(Math.floor((now + skew) / 1000) * 1000)
    const reset = Number(response.headers.get('x-ratelimit-reset')) * 1000
    // 2 s away on the server's clock, ten minutes and 2 s away on the client's.
    expect(reset - date).toBe(2000)
    expect(reset - now).toBe(skew + 1500)
  })

  it('sends a Date from a skewed real clock without a rate limit too', async () => {
    await sim.stop()
    sim = new DialNexaSimulator({
      workflows: [{ id: 'wfl_a', status: 'active' }],
      clockSkewMs: -3_600_000
    })
    url = await sim.start()
    const before = Date.now()
    const date = Date.parse((await get('/workflows/wfl_a')).headers.get('date')!)
    // An hour behind: between an hour before the request (to the second) and an hour after it.
    expect(date).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 3_600_000)
    expect(date).toBeLessThanOrEqual(Date.now() - 3_600_000)
  })

  it('goes back to how it started on POST to its reset path, and calls onReset', async () => {
    await sim.stop()
    let resets = 0
    sim = new DialNexaSimulator({
      workflows: [{ id: 'wfl_a', status: 'active' }],
      rateLimit: { limit: 1, windowMs: 3_600_000, now: () => 472_222 * 3_600_000 },
      resetPath: '/_reset',
      onReset: () => resets++
    })
    url = await sim.start()
    expect((await post('/workflows/wfl_a/pause')).status).toBe(200)
    expect((await get('/workflows/wfl_a')).status).toBe(429)
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 503 } })
    sim.injectFault({ action: 'resume', fault: { type: 'accepted-late', applyOnRequest: 1 } })
    sim.scheduleStatus('wfl_a', 'cancelled', 3_600_000)
    const origin = new URL(url).origin
    // Outside the API's base path, and without a key.
    const reset = await fetch(`${origin}/_reset`, { method: 'POST' })
    expect(reset.status).toBe(200)
    expect(resets).toBe(1)
    // Active again, a fresh rate-limit budget, and no fault left.
    const answer = await get('/workflows/wfl_a')
    expect(answer.status).toBe(200)
    expect(await answer.json()).toMatchObject({ status: 'active' })
    expect(sim.requests.map(r => r.fault).filter(Boolean)).toEqual([])
    // The request log is kept.
    expect(sim.requests.map(r => r.path)).toEqual([
      '/v1/workflows/wfl_a/pause',
      '/v1/workflows/wfl_a',
      '/_reset',
      '/v1/workflows/wfl_a'
    ])
  })
})
