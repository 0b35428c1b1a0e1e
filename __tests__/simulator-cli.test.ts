import { spawn } from 'node:child_process'
import { seedWorkflows } from '../simulator/seed.js'
import { FaultRule, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { parseFaultSpec } from '../simulator/fault-spec.js'

/** `npm run simulator`, as users and the e2e workflow start it. */

function startCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'simulator/cli.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.on('data', chunk => (output += chunk))
  child.stderr.on('data', chunk => (output += chunk))
  const exited = new Promise<number | null>(resolve => child.on('close', code => resolve(code)))
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      // The banner ends with this line; by then the server is listening.
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1]
      if (url && output.includes('Press Ctrl-C to stop.')) resolve(url)
    })
    void exited.then(code => reject(new Error(`exited ${code}: ${output}`)))
  })
  // A test that expects the CLI to refuse its options never awaits `listening`.
  listening.catch(() => undefined)
  return { child, listening, exited, output: () => output }
}

describe('simulator CLI', () => {
  it('serves the seeded workflows on the chosen port and applies --schedule', async () => {
    const cli = startCli(['--port', '0', '--quiet', '--schedule', 'wfl_quiet_hours=paused@200'])
    try {
      const url = await cli.listening
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
      expect(cli.output()).toContain(`API key: ${SIMULATOR_API_KEY}`)
      const headers = { Authorization: `Bearer ${SIMULATOR_API_KEY}` }
      const list = (await (await fetch(`${url}/workflows`, { headers })).json()) as {
        data: Array<{ id: string; status: string }>
      }
      expect(list.data.map(w => w.id)).toContain('wfl_m3v7zb9rk2px')
      // Seeded active, paused by --schedule 200 ms after start: read until it shows, however
      // late a busy machine runs the CLI's timer (5 s at most).
      expect(seedWorkflows().find(w => w.id === 'wfl_quiet_hours')?.status).toBe('active')
      const quiet = async (): Promise<string> =>
        (
          (await (await fetch(`${url}/workflows/wfl_quiet_hours`, { headers })).json()) as {
            status: string
          }
        ).status
      let status = await quiet()
      for (let reads = 1; status !== 'paused' && reads < 100; reads++) {
        await new Promise(resolve => setTimeout(resolve, 50))
        status = await quiet()
      }
      expect(status).toBe('paused')
    } finally {
      cli.child.kill('SIGTERM')
    }
    expect(await cli.exited).toBe(0)
  })

  it('rejects a malformed option with usage and exit code 2', async () => {
    const cli = startCli(['--schedule', 'nonsense'])
    expect(await cli.exited).toBe(2)
    expect(cli.output()).toContain('--schedule must look like wfl_id=paused@5000')
    expect(cli.output()).toContain('Usage: npm run simulator')
  })

  it('rehearses failures with --fault, each used up in turn, and scripts them again on reset', async () => {
    const id = 'wfl_m3v7zb9rk2px'
    const cli = startCli([
      '--port',
      '0',
      '--fault',
      `POST /workflows/${id}/resume=409`,
      '--fault',
      `POST /v1/workflows/${id}/resume=503*2`,
      '--fault',
      `POST /workflows/${id}/resume=429:30`,
      '--fault',
      `GET /workflows/${id}=bom`
    ])
    try {
      const url = await cli.listening
      const headers = { Authorization: `Bearer ${SIMULATOR_API_KEY}` }
      const resume = () => fetch(`${url}/workflows/${id}/resume`, { method: 'POST', headers })
      const answers = []
      for (let i = 0; i < 5; i++) answers.push(await resume())
      expect(answers.map(a => a.status)).toEqual([409, 503, 503, 429, 200])
      expect(answers[3]!.headers.get('retry-after')).toBe('30')
      const read = new Uint8Array(
        await (await fetch(`${url}/workflows/${id}`, { headers })).arrayBuffer()
      )
      expect([...read.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      expect(cli.output()).toContain(`Fault: POST /workflows/${id}/resume=409`)

      // State lives in memory: a reset puts the workflow back to paused and the faults back.
      expect(cli.output()).toContain(`To start afresh: curl -X POST ${new URL(url).origin}/_reset`)
      expect((await fetch(`${new URL(url).origin}/_reset`, { method: 'POST' })).status).toBe(200)
      expect((await resume()).status).toBe(409)
    } finally {
      cli.child.kill('SIGTERM')
    }
    expect(await cli.exited).toBe(0)
  })

  it('rejects a malformed --fault, saying what is wrong', async () => {
    const cli = startCli(['--fault', 'POST /workflows/wfl_m3v7zb9rk2px/resume=reset+gzip'])
    expect(await cli.exited).toBe(2)
    expect(cli.output()).toContain('reset sends no body')
    expect(cli.output()).toContain('Usage: npm run simulator')
    // The error comes last, below the usage.
    expect(cli.output().trimEnd().split('\n').at(-1)).toMatch(/^simulator: --fault "POST/)
  })

  it('rejects a --fault on a workflow it does not have', async () => {
    const cli = startCli(['--fault', 'POST /workflows/wfl_typo/resume=409'])
    expect(await cli.exited).toBe(2)
    expect(cli.output()).toContain('names wfl_typo, which is not a seeded workflow')
  })
})

describe('--fault syntax', () => {
  const resume = { method: 'POST', action: 'resume', workflowId: 'wfl_x' } as const
  it.each<[string, Partial<FaultRule>]>([
    ['POST /workflows/wfl_x/resume=409', { ...resume, fault: { type: 'error', status: 409 } }],
    [
      'POST /workflows/wfl_x/resume=503*3',
      { ...resume, times: 3, label: '503*3', fault: { type: 'error', status: 503 } }
    ],
    ['POST /workflows/wfl_x/resume=429', { ...resume, fault: { type: 'rate-limit' } }],
    [
      'POST /workflows/wfl_x/resume=429:30',
      { ...resume, fault: { type: 'rate-limit', retryAfter: '30' } }
    ],
    [
      'POST /workflows/wfl_x/resume=reset',
      { ...resume, fault: { type: 'reset', afterApply: false } }
    ],
    [
      'POST /workflows/wfl_x/resume=reset+applied',
      { ...resume, fault: { type: 'reset', afterApply: true } }
    ],
    ['POST /workflows/wfl_x/resume=hang', { ...resume, fault: { type: 'hang' } }],
    [
      'POST /workflows/wfl_x/resume=hang+applied',
      { ...resume, fault: { type: 'hang-after-apply' } }
    ],
    [
      'POST /workflows/wfl_x/resume=502+applied',
      { ...resume, fault: { type: 'error-after-apply', status: 502 } }
    ],
    ['POST /workflows/wfl_x/resume=html', { ...resume, fault: { type: 'html', status: 502 } }],
    [
      'POST /workflows/wfl_x/resume=garbled+applied',
      { ...resume, fault: { type: 'garbled', afterApply: true } }
    ],
    [
      'POST /workflows/wfl_x/resume=303-no-location+applied',
      { ...resume, fault: { type: 'redirect', status: 303, afterApply: true } }
    ],
    [
      'POST /workflows/wfl_x/resume=202-late',
      { ...resume, fault: { type: 'accepted-late', applyAfterMs: 5000 } }
    ],
    [
      'POST /workflows/wfl_x/pause=202-late:800*2',
      {
        method: 'POST',
        action: 'pause',
        workflowId: 'wfl_x',
        times: 2,
        fault: { type: 'accepted-late', applyAfterMs: 800 }
      }
    ],
    [
      'GET /workflows/wfl_x=bom+gzip',
      {
        method: 'GET',
        action: 'get',
        workflowId: 'wfl_x',
        fault: { type: 'encoded', bom: true, contentEncoding: 'gzip', fault: undefined }
      }
    ],
    [
      'get /v1/workflows=charset',
      {
        method: 'GET',
        action: 'list',
        workflowId: undefined,
        fault: { type: 'encoded', contentType: 'application/json; charset=utf-8', fault: undefined }
      }
    ],
    [
      'POST /workflows/wfl_x/cancel=409+br',
      {
        method: 'POST',
        action: 'cancel',
        fault: { type: 'encoded', contentEncoding: 'br', fault: { type: 'error', status: 409 } }
      }
    ],
    ['GET /workflows/wfl_x=ok', { action: 'get', fault: { type: 'encoded' } }]
  ])('%s', (text, expected) => {
    expect(parseFaultSpec(text)).toMatchObject({ times: 1, ...expected })
  })

  it.each([
    ['POST /workflows/wfl_x/resume', /must look like/],
    ['PUT /workflows/wfl_x/resume=409', /GET or POST/],
    ['POST /workflows/wfl_x/archive=409', /the path must be/],
    ['POST /workflows/wfl_x=409', /requested with GET, not POST/],
    ['GET /workflows/wfl_x/resume=409', /requested with POST, not GET/],
    ['POST /workflows/wfl_x/resume=200', /400-599/],
    ['POST /workflows/wfl_x/resume=303', /303-no-location/],
    ['POST /workflows/wfl_x/resume=409+503', /name one fault, not "409" and "503"/],
    ['POST /workflows/wfl_x/resume=gzip+br', /one of gzip, deflate and br/],
    ['POST /workflows/wfl_x/resume=409*0', /1 or more/],
    ['POST /workflows/wfl_x/resume=timeout', /unknown fault or modifier "timeout"/],
    ['POST /workflows/wfl_x/resume=html+applied', /\+applied goes with/],
    ['GET /workflows/wfl_x=reset+applied', /\+applied is for POST/],
    ['GET /workflows/wfl_x=202-late', /202-late is for POST/],
    ['POST /workflows/wfl_x/resume=hang+bom', /hang sends no body/]
  ])('refuses %s', (text, why) => {
    expect(() => parseFaultSpec(text)).toThrow(why)
  })
})
