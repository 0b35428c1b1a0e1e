import { AddressInfo, createServer } from 'node:net'
import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { annotations, runAction } from '../simulator/runner.js'
import { FAILED, NETWORK, RETRY } from './fixtures/messages.js'
import { infoLines, SECONDS, timesIn } from './helpers/run-log.js'

/** End-to-end: a request that gets no answer names its real cause and leaves a debug line. */

const run = (apiUrl: string, inputs: Record<string, string> = {}) =>
  runAction({
    'api-key': SIMULATOR_API_KEY,
    'api-url': apiUrl,
    'workflow-id': 'wfl_1',
    ...inputs
  })

describe('network failures', () => {
  it('names the host that could not be resolved', async () => {
    // .invalid never resolves (RFC 6761); a resolver that cannot be asked says EAI_AGAIN.
    const result = await run('https://api.dialnexa.invalid/v1', { 'max-retries': '0' })
    expect(result.code).toBe(1)
    const [error, ...more] = annotations(result, 'error')
    expect(more).toEqual([])
    expect(
      ['ENOTFOUND', 'EAI_AGAIN'].map(code =>
        FAILED.line(
          'resume',
          'workflow wfl_1',
          NETWORK.dns('api.dialnexa.invalid', code),
          FAILED.notRetried
        )
      )
    ).toContain(error)
    expect(result.stdout).toMatch(
      /::debug::GET \/v1\/workflows\/wfl_1 -> failed in \d+ ms: (ENOTFOUND|EAI_AGAIN)/
    )
  })

  it('names a proxy variable that holds no URL, instead of a bare "Invalid URL"', async () => {
    // The HTTP client refuses it before any connection, so nothing is sent anywhere.
    const result = await runAction(
      {
        'api-key': SIMULATOR_API_KEY,
        'api-url': 'https://api.dialnexa.invalid/v1',
        'workflow-id': 'wfl_1'
      },
      { env: { HTTPS_PROXY: '"builder:hunter2@proxy.corp.example:3128"' } }
    )
    expect(result.code).toBe(1)
    expect(annotations(result, 'error')).toEqual([
      FAILED.line('resume', 'workflow wfl_1', NETWORK.proxyVariable('HTTPS_PROXY'))
    ])
    expect(annotations(result, 'warning')).toEqual([])
    expect(result.stdout).toMatch(
      /::debug::GET \/v1\/workflows\/wfl_1 -> failed in \d+ ms: HTTPS_PROXY is not a URL/
    )
    expect(`${result.stdout}${result.summary}`).not.toContain('hunter2')
  })

  it('names the address that refused, with a debug line per attempt and a log line per retry', async () => {
    const sim = new DialNexaSimulator()
    const url = await sim.start()
    await sim.stop()
    const where = `127.0.0.1:${new URL(url).port}`
    const result = await run(url, { 'max-retries': '1' })
    expect(result.code).toBe(1)
    const refused = NETWORK.refused(where, 'ECONNREFUSED')
    expect(annotations(result, 'error')).toEqual([
      FAILED.line('resume', 'workflow wfl_1', refused, FAILED.afterRetries(1))
    ])
    // The retry's line says what happened and when the next attempt comes; the advice is the
    // error's. A log line, not a warning: the error says all the user must act on.
    expect(annotations(result, 'warning')).toEqual([])
    const retries = infoLines(result).filter(line => line.startsWith('The status read'))
    const delays = retries.map(
      line =>
        timesIn(
          line,
          RETRY.failed('the status read', refused.cause, 1, 1, RETRY.sendAgain(SECONDS))
        )?.[0]
    )
    // The back-off is jittered: the line gives the delay it drew, about 1 s.
    expect(delays).toEqual([expect.any(Number)])
    expect(delays[0]).toBeGreaterThan(0)
    expect(delays[0]).toBeLessThanOrEqual(1)
    // The first read, which every workflow gets before any change, and its one retry.
    const failedLines = result.stdout.match(
      /^::debug::\w+ \S+ -> failed in \d+ ms: ECONNREFUSED$/gm
    )
    expect(failedLines).toEqual([
      expect.stringContaining('GET /v1/workflows/wfl_1 '),
      expect.stringContaining('GET /v1/workflows/wfl_1 ')
    ])
  })

  it('says a server that answers without HTTP is not the API, once, without retrying', async () => {
    // What a wrong port or scheme in 'api-url' meets: something that speaks, but not HTTP.
    const server = createServer(socket => socket.once('data', () => socket.end('SSH-2.0-x\r\n')))
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    try {
      const result = await run(`http://127.0.0.1:${port}/v1`, { 'max-retries': '2' })
      expect(result.code).toBe(1)
      expect(annotations(result, 'warning')).toEqual([])
      const [error, ...more] = annotations(result, 'error')
      expect(more).toEqual([])
      // The parser's own code, whichever it met first.
      const code = /\((HPE_[A-Z_]+)\)/.exec(error ?? '')?.[1] ?? 'HPE_?'
      expect(error).toBe(
        FAILED.line('resume', 'workflow wfl_1', NETWORK.notHttp(`127.0.0.1:${port}`, code))
      )
    } finally {
      server.close()
    }
  })
})
