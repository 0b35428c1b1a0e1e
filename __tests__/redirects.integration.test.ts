import { DialNexaApiError } from '../src/api/retry.js'
import { RESUME } from '../src/core/status.js'
import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { annotations, runAction } from '../simulator/runner.js'
import { clientFor } from './helpers/client.js'
import { pending, REDIRECT, redirectRefused } from './fixtures/messages.js'

/**
 * Redirects over real HTTP: the API (`sim`) redirects, and a second server on another port of
 * 127.0.0.1 (`elsewhere`) records any request, and so any key, that reaches it.
 */

let sim: DialNexaSimulator
let elsewhere: DialNexaSimulator
let url: string

const workflows = () => [{ id: 'wfl_paused', name: 'Nurture', status: 'paused' }]

beforeEach(async () => {
  sim = new DialNexaSimulator({ workflows: workflows() })
  elsewhere = new DialNexaSimulator({ workflows: workflows() })
  url = await sim.start()
  await elsewhere.start()
})
afterEach(async () => {
  await sim.stop()
  await elsewhere.stop()
})

const origin = (base: string): string => new URL(base).origin
const portOf = (base: string): string => new URL(base).port

async function failureOf(promise: Promise<unknown>): Promise<DialNexaApiError> {
  const error = await promise.catch(e => e)
  expect(error).toBeInstanceOf(DialNexaApiError)
  return error as DialNexaApiError
}

const resumeWithRetries = (client: ReturnType<typeof clientFor>['client']) =>
  client.retrying(() => client.once('wfl_paused', {}, RESUME))

describe('a redirect to another origin', () => {
  it.each([
    ['the same host on another port', () => `${elsewhere.url}/workflows/wfl_paused/resume`],
    ['another host name', () => `http://localhost:${portOf(elsewhere.url)}/v1/workflows/x`],
    ['another scheme', () => `https://127.0.0.1:${portOf(url)}/v1/workflows/wfl_paused/resume`]
  ])('is refused for %s: nothing is sent there, nothing is retried', async (_what, target) => {
    const location = target()
    sim.injectFault({
      action: 'resume',
      fault: { type: 'redirect', status: 307, location },
      times: 10
    })
    const { client, clock } = clientFor(url)
    const error = await failureOf(resumeWithRetries(client))
    expect(error.failure).toEqual({
      kind: 'redirect',
      workflowId: 'wfl_paused',
      statusCode: 307,
      redirect: { reason: 'other-origin', origin: origin(location), apiOrigin: origin(url) }
    })
    expect(elsewhere.requests).toEqual([])
    expect(elsewhere.connections).toBe(0)
    expect(sim.requests).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
  })

  it('is refused on a GET too, and not retried', async () => {
    sim.injectFault({
      action: 'get',
      fault: { type: 'redirect', status: 302, location: `${elsewhere.url}/workflows/wfl_paused` },
      times: 10
    })
    const { client } = clientFor(url)
    const error = await failureOf(client.getWorkflow('wfl_paused'))
    expect(error.failure.redirect).toEqual({
      reason: 'other-origin',
      origin: origin(elsewhere.url),
      apiOrigin: origin(url)
    })
    expect(elsewhere.connections).toBe(0)
    expect(sim.requests).toHaveLength(1)
  })
})

describe('a redirect within the API origin', () => {
  it.each([
    [307, '/v1/workflows/wfl_paused/resume?via=307'],
    [308, '/v1/workflows/wfl_paused/resume?via=308'],
    [308, 'resume?via=relative'],
    [307, '../wfl_paused/resume?via=dot-dot']
  ])('%i to %s is followed with the key, keeping the POST', async (status, location) => {
    sim.injectFault({ action: 'resume', fault: { type: 'redirect', status, location } })
    const { client } = clientFor(url)
    await expect(client.once('wfl_paused', {}, RESUME)).resolves.toMatchObject({
      status: 'active'
    })
    const query = location.slice(location.indexOf('?'))
    expect(sim.requests.map(r => `${r.method} ${r.path} ${r.statusCode}`)).toEqual([
      `POST /v1/workflows/wfl_paused/resume ${status}`,
      `POST /v1/workflows/wfl_paused/resume${query} 200`
    ])
    expect(sim.requests.map(r => r.authorization)).toEqual([
      `Bearer ${SIMULATOR_API_KEY}`,
      `Bearer ${SIMULATOR_API_KEY}`
    ])
    expect(client.stats.requests).toBe(2)
  })

  it.each([301, 302, 303])(
    '%i after a POST is followed with a GET whose record is the answer',
    async status => {
      sim.injectFault({
        action: 'resume',
        fault: {
          type: 'redirect',
          status,
          location: '/v1/workflows/wfl_paused',
          afterApply: true
        }
      })
      const { client } = clientFor(url)
      await expect(client.once('wfl_paused', {}, RESUME)).resolves.toMatchObject({
        id: 'wfl_paused',
        status: 'active'
      })
      expect(sim.requests.map(r => `${r.method} ${r.path}`)).toEqual([
        'POST /v1/workflows/wfl_paused/resume',
        'GET /v1/workflows/wfl_paused'
      ])
      expect(sim.requestsFor('resume')).toHaveLength(1)
    }
  )

  it('301 after a GET stays a GET', async () => {
    sim.injectFault({
      action: 'get',
      fault: { type: 'redirect', status: 301, location: '/v1/workflows/wfl_paused?moved' }
    })
    const { client } = clientFor(url)
    await expect(client.getWorkflow('wfl_paused')).resolves.toMatchObject({ status: 'paused' })
    expect(sim.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'GET /v1/workflows/wfl_paused',
      'GET /v1/workflows/wfl_paused?moved'
    ])
  })

  it('follows three in a row, and refuses the fourth without retrying', async () => {
    const hop = (n: number) => ({
      action: 'get' as const,
      fault: { type: 'redirect' as const, status: 307, location: `wfl_paused?hop=${n}` }
    })
    for (const n of [1, 2, 3]) sim.injectFault(hop(n))
    const { client } = clientFor(url)
    await expect(client.getWorkflow('wfl_paused')).resolves.toMatchObject({ status: 'paused' })
    expect(sim.requests).toHaveLength(4)

    for (const n of [1, 2, 3, 4]) sim.injectFault(hop(n))
    const error = await failureOf(client.getWorkflow('wfl_paused'))
    expect(error.failure).toMatchObject({ kind: 'redirect', redirect: { reason: 'too-many' } })
    expect(sim.requests).toHaveLength(8)
  })

  it('refuses a Location that is not a URL, without retrying', async () => {
    sim.injectFault({
      action: 'get',
      fault: { type: 'redirect', status: 308, location: 'http://[not-a-host/v1' },
      times: 10
    })
    const { client } = clientFor(url)
    const error = await failureOf(client.getWorkflow('wfl_paused'))
    expect(error.failure).toMatchObject({
      kind: 'redirect',
      statusCode: 308,
      redirect: { reason: 'bad-location' }
    })
    expect(sim.requests).toHaveLength(1)
  })

  it('treats a 3xx without a Location as the answer', async () => {
    sim.injectFault({ action: 'get', fault: { type: 'raw', status: 302, body: '' } })
    const { client } = clientFor(url, { maxRetries: 0 })
    const error = await failureOf(client.getWorkflow('wfl_paused'))
    expect(error.failure).toEqual({ kind: 'http', workflowId: 'wfl_paused', statusCode: 302 })
  })
})

describe('the bundled action', () => {
  it('fails rather than report a resume that another origin answered', async () => {
    sim.injectFault({
      action: 'resume',
      fault: {
        type: 'redirect',
        status: 307,
        location: `${elsewhere.url}/workflows/wfl_paused/resume`
      },
      times: 10
    })
    const result = await runAction({
      'api-key': SIMULATOR_API_KEY,
      'api-url': url,
      'workflow-id': 'wfl_paused'
    })
    expect(result.code).toBe(1)
    expect(result.outputs.resumed).toBe('false')
    expect(annotations(result, 'error')).toEqual([
      pending(
        'resume',
        'workflow wfl_paused',
        307,
        'paused',
        redirectRefused(REDIRECT.otherOrigin(origin(elsewhere.url))).cause
      )
    ])
    expect(annotations(result, 'warning')).toEqual([])
    expect(elsewhere.connections).toBe(0)
    expect(elsewhere.workflow('wfl_paused')?.status).toBe('paused')
    // The first read, the one resume whose redirect was refused, and one read from the API's
    // own origin: the API got the resume, so only a read can tell whether it took effect.
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'resume', 'get'])
    expect(result.stdout).toContain('::debug::POST /v1/workflows/wfl_paused/resume -> HTTP 307 in')
  })
})
