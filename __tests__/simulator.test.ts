import { DialNexaSimulator, errorBody, SIMULATOR_API_KEY } from '../simulator/simulator.js'

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
})
