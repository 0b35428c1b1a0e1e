import { createServer, Server } from 'node:http'
import { AddressInfo } from 'node:net'
import { SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { annotations, runAction } from '../simulator/runner.js'
import { FAILED, NETWORK, PROXY } from './fixtures/messages.js'

/**
 * End-to-end: a proxy that wants credentials. It answers every CONNECT with 407, so the API
 * host (never resolved here) does not matter. Kept apart from the other proxy tests on purpose.
 */

let proxy: Server
let connects: string[]
let proxyUrl: string

beforeEach(async () => {
  connects = []
  proxy = createServer((_req, res) => res.writeHead(405).end())
  proxy.on('connect', (req, socket) => {
    connects.push(req.url ?? '')
    socket.end(
      'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n'
    )
  })
  await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve))
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
})
afterEach(() => new Promise(resolve => proxy.close(resolve)))

const run = (env: Record<string, string>) =>
  runAction(
    {
      'api-key': SIMULATOR_API_KEY,
      'api-url': 'https://api.dialnexa.test/v1',
      'workflow-id': 'wfl_1'
    },
    { env }
  )

describe('a proxy that answers 407', () => {
  it.each(['HTTPS_PROXY', 'https_proxy'])(
    'says the proxy in %s needs credentials, once, without retrying',
    async variable => {
      const result = await run({ [variable]: proxyUrl })
      expect(result.code).toBe(1)
      expect(annotations(result, 'error')).toEqual([
        FAILED.line(
          'resume',
          'workflow wfl_1',
          NETWORK.proxyAuthMissing(PROXY(proxyUrl, variable), variable)
        )
      ])
      expect(annotations(result, 'warning')).toEqual([])
      expect(connects).toEqual(['api.dialnexa.test:443'])
      expect(result.stdout).toMatch(
        /::debug::GET \/v1\/workflows\/wfl_1 -> failed in \d+ ms: proxy HTTP 407/
      )
    }
  )

  it('says it rejected the credentials given, never showing them', async () => {
    const withCredentials = proxyUrl.replace('http://', 'http://ci-bot:Pr0xy-pass-99@')
    const result = await run({ HTTPS_PROXY: withCredentials })
    expect(result.code).toBe(1)
    expect(annotations(result, 'error')).toEqual([
      FAILED.line(
        'resume',
        'workflow wfl_1',
        NETWORK.proxyAuthRejected(PROXY(proxyUrl, 'HTTPS_PROXY'), 'HTTPS_PROXY')
      )
    ])
    const everything = `${result.stdout}${result.stderr}${result.summary}${JSON.stringify(result.outputs)}`
    expect(everything).not.toContain('Pr0xy-pass-99')
    expect(everything).not.toContain('ci-bot')
    expect(connects).toHaveLength(1)
  })
})
