import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, IncomingMessage } from 'node:http'
import { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createProxy } from 'proxy'
import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { ActionRun, runAction } from '../simulator/runner.js'
import { FAILED, NETWORK, PROXY } from './fixtures/messages.js'

/**
 * The bundle on Node 24 behind a real CONNECT proxy (the `proxy` package), in front of an https
 * simulator whose self-signed certificate is trusted through NODE_EXTRA_CA_CERTS, as on a
 * self-hosted runner behind a corporate proxy. The API is reached by name, api.dialnexa.test:
 * the proxy resolves it (to the simulator on 127.0.0.1), and for a direct connection the
 * action does, through the tests' hosts file (fixtures/test-hosts.mjs).
 */

const API_HOST = 'api.dialnexa.test'
const PROXY_USER = 'ci-bot'
const PROXY_PASSWORD = 'p@ss:word'

interface Connect {
  target: string
  authorization?: string
}

let dir: string
let sim: DialNexaSimulator
let proxy: ReturnType<typeof createProxy>
let proxyUrl: string
let simPort: number
let connects: Connect[]
let requestsBefore: number

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'proxy-e2e-'))
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${API_HOST}`,
      '-addext',
      `subjectAltName=DNS:${API_HOST},DNS:localhost,IP:127.0.0.1`,
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem')
    ],
    { stdio: 'ignore' }
  )
  sim = new DialNexaSimulator({
    workflows: [{ id: 'wfl_behind_proxy', name: 'Behind a proxy', status: 'paused' }],
    tls: {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8')
    }
  })
  simPort = Number(new URL(await sim.start()).port)

  proxy = createProxy(createServer())
  // Recorded as asked, then resolved the way this proxy's DNS would: the API's name is the
  // simulator. The proxy package reads req.url after this listener has run.
  proxy.prependListener('connect', (req: IncomingMessage) => {
    connects.push({ target: req.url!, authorization: req.headers['proxy-authorization'] })
    req.url = req.url!.replace(new RegExp(`^${API_HOST.replace(/\./g, '\\.')}:`), '127.0.0.1:')
  })
  await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve))
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
})

afterAll(async () => {
  await sim.stop()
  proxy.closeAllConnections()
  await new Promise(resolve => proxy.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

beforeEach(() => {
  connects = []
  delete proxy.authenticate
  sim.setStatus('wfl_behind_proxy', 'paused')
  requestsBefore = sim.requests.length
})

/** What reached the simulator in this test. */
const apiRequests = () => sim.requests.slice(requestsBefore)

function resume(
  apiHost: string,
  env: Record<string, string>,
  nodeArgs: string[] = []
): Promise<ActionRun> {
  return runAction(
    {
      'workflow-id': 'wfl_behind_proxy',
      'api-key': SIMULATOR_API_KEY,
      'api-url': `https://${apiHost}:${simPort}/v1`,
      'max-retries': '0',
      'request-timeout': '5'
    },
    {
      nodeArgs: ['--import', './__tests__/fixtures/test-hosts.mjs', ...nodeArgs],
      env: {
        NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'),
        TEST_HOSTS: `${API_HOST}=127.0.0.1`,
        ...env
      }
    }
  )
}

function expectResumed(result: ActionRun): void {
  expect({ code: result.code, resumed: result.outputs.resumed }).toEqual({
    code: 0,
    resumed: 'true'
  })
  // The first read of the status, then the resume.
  expect(apiRequests().map(r => `${r.action} ${r.statusCode}`)).toEqual(['get 200', 'resume 200'])
}

const throughProxy = (): string[] => [...new Set(connects.map(c => c.target))]

describe('the bundle behind a CONNECT proxy', () => {
  it.each(['https_proxy', 'HTTPS_PROXY'])('reaches the API through the proxy in %s', async name => {
    const result = await resume(API_HOST, { [name]: proxyUrl })
    expectResumed(result)
    expect(throughProxy()).toEqual([`${API_HOST}:${simPort}`])
  })

  it('needs no undici for it: http-client tunnels with `tunnel`', async () => {
    const probe = join(dir, 'probe.json')
    const result = await resume(API_HOST, { https_proxy: proxyUrl, UNDICI_PROBE_FILE: probe }, [
      '--import',
      './__tests__/fixtures/undici-probe.mjs'
    ])
    expectResumed(result)
    expect(throughProxy()).toEqual([`${API_HOST}:${simPort}`])
    expect(JSON.parse(readFileSync(probe, 'utf8'))).toMatchObject({
      globalDispatcher: false,
      webAssembly: []
    })
  })

  it('still checks the certificate of the API through the tunnel', async () => {
    const result = await resume(API_HOST, { https_proxy: proxyUrl, NODE_EXTRA_CA_CERTS: '' })
    expect(result.code).toBe(1)
    expect(throughProxy()).toEqual([`${API_HOST}:${simPort}`])
    expect(apiRequests()).toEqual([])
  })

  it('sends the credentials in the proxy URL, decoded, and never logs them', async () => {
    const expected = `Basic ${Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64')}`
    proxy.authenticate = req => req.headers['proxy-authorization'] === expected
    const credentials = `${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}`
    const result = await resume(API_HOST, {
      https_proxy: proxyUrl.replace('//', `//${credentials}@`)
    })
    expectResumed(result)
    expect(connects.map(c => c.authorization)).toContain(expected)
    expect(`${result.stdout}${result.stderr}${result.summary}`).not.toContain(PROXY_PASSWORD)
  })

  it('gets no further than a proxy that refuses its credentials', async () => {
    proxy.authenticate = () => false
    const result = await resume(API_HOST, {
      https_proxy: proxyUrl.replace('//', `//${PROXY_USER}:wrong@`)
    })
    expect(result.code).toBe(1)
    expect(throughProxy()).toEqual([`${API_HOST}:${simPort}`])
    expect(apiRequests()).toEqual([])
  })

  it('names the proxy that is down, and its variable, never its credentials', async () => {
    const down = `http://${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}@127.0.0.1:1`
    const result = await resume(API_HOST, { HTTPS_PROXY: down })
    expect(result.code).toBe(1)
    const errors = result.stdout.split('\n').filter(line => line.startsWith('::error'))
    expect(errors).toEqual([
      `::error::${FAILED.line(
        'resume',
        'workflow wfl_behind_proxy',
        NETWORK.proxyUnreachable(
          PROXY('http://127.0.0.1:1', 'HTTPS_PROXY'),
          'ECONNREFUSED',
          'HTTPS_PROXY'
        ),
        FAILED.notRetried
      )}`
    ])
    const seen = `${result.stdout}${result.stderr}${result.summary}`
    expect(seen).not.toContain(PROXY_PASSWORD)
    expect(seen).not.toContain(encodeURIComponent(PROXY_PASSWORD))
    expect(apiRequests()).toEqual([])
  })

  it.each([
    ['no_proxy', API_HOST],
    ['NO_PROXY', API_HOST],
    ['no_proxy', 'example.com, .dialnexa.test']
  ])('connects directly when %s is %p', async (name, value) => {
    const result = await resume(API_HOST, { https_proxy: proxyUrl, [name]: value })
    expectResumed(result)
    expect(connects).toEqual([])
  })

  it.each(['127.0.0.1', 'localhost'])('never sends %s through the proxy', async host => {
    const result = await resume(host, { https_proxy: proxyUrl, HTTPS_PROXY: proxyUrl })
    expectResumed(result)
    expect(connects).toEqual([])
  })
})
