import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { ActionRun, annotations, runAction } from '../simulator/runner.js'
import { summaryRow } from './helpers/summary.js'
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
    [
      'self-signed',
      () => certs.selfSigned,
      "is not trusted: it is self-signed or issued by an unknown authority (DEPTH_ZERO_SELF_SIGNED_CERT). If your network inspects TLS, give the runner that authority's certificate with NODE_EXTRA_CA_CERTS; otherwise check 'api-url'.",
      'DEPTH_ZERO_SELF_SIGNED_CERT'
    ],
    [
      'expired',
      () => certs.expired,
      "has expired (CERT_HAS_EXPIRED). Whoever runs that server must renew it; if it is not the DialNexa API, fix 'api-url'.",
      'CERT_HAS_EXPIRED'
    ],
    [
      'for another host',
      () => certs.wrongHost,
      "is for another host name (ERR_TLS_CERT_ALTNAME_INVALID). Check the host in 'api-url'.",
      'ERR_TLS_CERT_ALTNAME_INVALID'
    ]
  ])(
    'fails once, in a plain sentence, on a certificate that is %s',
    async (_what, pair, sentence, code) => {
      const sim = await simulator(pair())
      const result = await run(sim)
      expect(result.code).toBe(1)
      expect(annotations(result, 'error')).toEqual([
        `Could not reach the DialNexa API for workflow wfl_1: the TLS certificate of 127.0.0.1:${portOf(sim.url)} ${sentence} It was not resumed, and its status could not be read.`
      ])
      // Not retried: one connection, no retry warning, and no request ever got through.
      expect(annotations(result, 'warning')).toEqual([])
      expect(sim.connections).toBe(1)
      expect(sim.requests).toEqual([])
      expect(result.stdout).toMatch(
        new RegExp(`::debug::GET /v1/workflows/wfl_1 -> failed in \\d+ ms: ${code}`)
      )
      // The summary gives the reason's first sentence, which says what is wrong with the
      // certificate, cut at 160 characters; the annotation above has it whole, advice included.
      const first = `Could not reach the DialNexa API for workflow wfl_1: the TLS certificate of 127.0.0.1:${portOf(sim.url)} ${sentence.split('. ')[0]}.`
      expect(summaryRow(result.summary, 'wfl_1')).toEqual({
        Workflow: 'wfl_1',
        Result: '❌ Failed',
        Status: '—',
        'Enrolled leads': '—',
        Reason: first.length <= 160 ? first : `${first.slice(0, 160)}…`
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
    expect(annotations(result, 'error')[0]).toContain(
      `it points to another origin, https://127.0.0.1:${portOf(elsewhere.url)}, and the key is only ever sent to the origin of 'api-url' (https://127.0.0.1:${portOf(sim.url)}).`
    )
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
      `Refused a redirect from the DialNexa API for workflow wfl_1: it goes from https to plain http (http://127.0.0.1:${portOf(plain.url)}), which would send the key unencrypted. No request was sent there, and none will be. Fix 'api-url' to the address the API answers on. It was not resumed; its status when last read was paused.`
    ])
    expect(annotations(result, 'warning')).toEqual([])
    expect(plain.connections).toBe(0)
    // The resume is never sent again; one read from the API's own origin shows it still paused.
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'resume', 'get'])
  })
})
