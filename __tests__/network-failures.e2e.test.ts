import { AddressInfo, createServer } from 'node:net'
import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { annotations, runAction } from '../simulator/runner.js'

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
    expect(annotations(result, 'error')).toEqual([
      expect.stringMatching(
        /^Could not reach the DialNexa API for workflow wfl_1: the host name api\.dialnexa\.invalid could not be resolved( just now)? \((ENOTFOUND|EAI_AGAIN)\)\. Check the host in 'api-url' and the runner's DNS\. It was not retried: 'max-retries' is 0\. It was not resumed, and its status could not be read\.$/
      )
    ])
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
      "Could not reach the DialNexa API for workflow wfl_1: the proxy variable HTTPS_PROXY does not hold a URL the runner's HTTP client can read. Set it to the proxy's address, such as http://proxy.example.com:8080, or unset it. It was not resumed, and its status could not be read."
    ])
    expect(annotations(result, 'warning')).toEqual([])
    expect(result.stdout).toMatch(
      /::debug::GET \/v1\/workflows\/wfl_1 -> failed in \d+ ms: HTTPS_PROXY is not a URL/
    )
    expect(`${result.stdout}${result.summary}`).not.toContain('hunter2')
  })

  it('names the address that refused, with a debug line and a warning per attempt', async () => {
    const sim = new DialNexaSimulator()
    const url = await sim.start()
    await sim.stop()
    const where = `127.0.0.1:${new URL(url).port}`
    const result = await run(url, { 'max-retries': '1' })
    expect(result.code).toBe(1)
    // The back-off is jittered: the warning gives the delay it drew.
    const delay = /wait 1 of 1 \('max-retries'\): it is sent again in (0\.\d+ s|1 s)\./.exec(
      result.stdout
    )?.[1]
    const sentence = `${where} refused the connection (ECONNREFUSED). Check 'api-url' and the runner's network or proxy.`
    expect(annotations(result, 'error')).toEqual([
      `Could not reach the DialNexa API for workflow wfl_1: ${sentence} Gave up after 1 wait for this request ('max-retries'). It was not resumed, and its status could not be read.`
    ])
    // The warning says what happened and when the next attempt comes; the advice is the error's.
    expect(annotations(result, 'warning')).toEqual([
      `The status read failed: ${where} refused the connection (ECONNREFUSED); wait 1 of 1 ('max-retries'): it is sent again in ${delay}.`
    ])
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
      expect(annotations(result, 'error')).toEqual([
        expect.stringMatching(
          new RegExp(
            `^Could not reach the DialNexa API for workflow wfl_1: 127\\.0\\.0\\.1:${port} answered with something that is not HTTP \\(HPE_[A-Z_]+\\)\\. Check that 'api-url' names the DialNexa API, with the right scheme \\(https\\) and port\\. It was not resumed, and its status could not be read\\.$`
          )
        )
      ])
    } finally {
      server.close()
    }
  })
})
