import { spawn } from 'node:child_process'
import { seedWorkflows } from '../simulator/seed.js'
import { SIMULATOR_API_KEY } from '../simulator/simulator.js'

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
})
