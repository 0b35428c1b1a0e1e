import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { ActionRun, annotations, runAction } from '../simulator/runner.js'
import { summaryRow } from './helpers/summary.js'
import { FAILED, NETWORK, pending, REDIRECT, redirectRefused, Said } from './fixtures/messages.js'
import { KeyPair, makeTestCertificates, TestCertificates } from './helpers/tls.js'

/**
 * End-to-end over https: the bundled action trusts a test CA (NODE_EXTRA_CA_CERTS, as a runner
 * behind an inspecting proxy would), and each bad certificate gets its own sentence, once.
 */

let certs: TestCertificates
const started: DialNexaSimulator[] = []

beforeAll(() => {
  certs = makeTestCertificates()
})
afterAll(() => certs.dispose())
afterEach(async () => {
  await Promise.all(started.splice(0).map(sim => sim.stop()))
})

async function simulator(tls?: KeyPair): Promise<DialNexaSimulator> {
  const sim = new DialNexaSimulator({
    tls,
    workflows: [{ id: 'wfl_1', name: 'Nurture', status: 'paused' }]
  })
  started.push(sim)
  await sim.start()
  return sim
}

const run = (sim: DialNexaSimulator): Promise<ActionRun> =>
  runAction(
    { 'api-key': SIMULATOR_API_KEY, 'api-url': sim.url, 'workflow-id': 'wfl_1' },
    { env: { NODE_EXTRA_CA_CERTS: certs.caFile } }
  )

const portOf = (url: string): string => new URL(url).port

describe('https', () => {
  it('resumes through a certificate the runner trusts', async () => {
    const sim = await simulator(certs.valid)
    const result = await run(sim)
    expect(result.code).toBe(0)
    expect(result.outputs.resumed).toBe('true')
  })

  it.each([
    ['self-signed', () => certs.selfSigned, NETWORK.certUntrusted, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['expired', () => certs.expired, NETWORK.certExpired, 'CERT_HAS_EXPIRED'],
    ['for another host', () => certs.wrongHost, NETWORK.certHost, 'ERR_TLS_CERT_ALTNAME_INVALID']
  ])(
    'fails once, in a plain sentence, on a certificate that is %s',
    async (_what, pair, sentence: (where: string, code: string) => Said, code) => {
      const sim = await simulator(pair())
      const result = await run(sim)
      expect(result.code).toBe(1)
      const said = sentence(`127.0.0.1:${portOf(sim.url)}`, code)
      expect(annotations(result, 'error')).toEqual([FAILED.line('resume', 'workflow wfl_1', said)])
      // Not retried: one connection, no retry line, and no request ever got through.
      expect(annotations(result, 'warning')).toEqual([])
      expect(result.stdout).not.toContain('wait 1 of')
      expect(sim.connections).toBe(1)
      expect(sim.requests).toEqual([])
      expect(result.stdout).toMatch(
        new RegExp(`::debug::GET /v1/workflows/wfl_1 -> failed in \\d+ ms: ${code}`)
      )
      // The summary gives the cause, which says what is wrong with the certificate; the
      // annotation above has the advice too.
      expect(summaryRow(result.summary, 'wfl_1')).toEqual({
        Workflow: 'wfl_1',
        Result: '❌ Failed',
        Status: '—',
        'Enrolled leads': '—',
        Reason: said.cause
      })
    }
  )

  it('refuses a redirect to the same host on another https port', async () => {
    const sim = await simulator(certs.valid)
    const elsewhere = await simulator(certs.valid)
    sim.injectFault({
      action: 'resume',
      fault: { type: 'redirect', status: 307, location: `${elsewhere.url}/workflows/wfl_1/resume` },
      times: 10
    })
    const result = await run(sim)
    expect(result.code).toBe(1)
    expect(annotations(result, 'error')).toEqual([
      pending(
        'resume',
        'workflow wfl_1',
        307,
        'paused',
        redirectRefused(REDIRECT.otherOrigin(`https://127.0.0.1:${portOf(elsewhere.url)}`)).cause
      )
    ])
    expect(elsewhere.connections).toBe(0)
    // The first read, the one resume whose redirect was refused, and one read from the API's
    // own origin: the API got the resume, so only a read can tell whether it took effect.
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'resume', 'get'])
  })

  it('refuses a redirect from https to http in its own sentence, without retrying', async () => {
    const sim = await simulator(certs.valid)
    const plain = await simulator()
    const target = `${plain.url}/workflows/wfl_1/resume`
    sim.injectFault({
      action: 'resume',
      fault: { type: 'redirect', status: 308, location: target },
      times: 10
    })
    const result = await run(sim)
    expect(result.code).toBe(1)
    expect(annotations(result, 'error')).toEqual([
      pending(
        'resume',
        'workflow wfl_1',
        308,
        'paused',
        redirectRefused(REDIRECT.downgrade(`http://127.0.0.1:${portOf(plain.url)}`)).cause
      )
    ])
    expect(annotations(result, 'warning')).toEqual([])
    expect(plain.connections).toBe(0)
    // The resume is never sent again; one read from the API's own origin shows it still paused.
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'resume', 'get'])
  })
})
