import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { seedWorkflows } from '../simulator/seed.js'
import { SUMMARY } from './fixtures/messages.js'

/** `npm run local`: the bundle run as the runner runs it, with its outputs and summary shown. */

let sim: DialNexaSimulator
let dir: string
let envFile: string

beforeEach(async () => {
  sim = new DialNexaSimulator({ workflows: seedWorkflows() })
  const url = await sim.start()
  dir = mkdtempSync(join(tmpdir(), 'dialnexa-local-test-'))
  envFile = join(dir, '.env')
  // Only what has no default: the rest must come from action.yml.
  writeFileSync(
    envFile,
    [
      'INPUT_WORKFLOW-ID=wfl_m3v7zb9rk2px',
      `INPUT_API-KEY=${SIMULATOR_API_KEY}`,
      `INPUT_API-URL=${url}`,
      'INPUT_WAIT-FOR-PAUSED=false',
      ''
    ].join('\n')
  )
})
afterEach(async () => {
  await sim.stop()
  rmSync(dir, { recursive: true, force: true })
})

function runLocal(args: string[]): Promise<{ code: number | null; output: string }> {
  const env = { ...process.env }
  delete env.NODE_OPTIONS
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/local.ts', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.on('data', chunk => (output += chunk))
  child.stderr.on('data', chunk => (output += chunk))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', code => resolve({ code, output }))
  })
}

describe('npm run local', () => {
  it('runs resume with the defaults of action.yml, and prints its outputs and summary', async () => {
    const { code, output } = await runLocal(['--inputs', envFile])
    expect(code).toBe(0)
    expect(sim.workflow('wfl_m3v7zb9rk2px')?.status).toBe('active')
    expect(output).toContain('max-retries: 3  (default)')
    expect(output).toContain('wait-for-paused: false\n')
    expect(output).toMatch(/^outputs:\n {2}status = active\n/m)
    expect(output).toContain('  resumed = true\n')
    // The heading, the table's header row, then the workflow's row.
    expect(output).toContain(`\njob summary:\n${SUMMARY.heading('resume')}\n  Workflow `)
    expect(output).toMatch(/^job summary:\n.+\n.+\n {2}wfl_m3v7zb9rk2px /m)
    // Shown as the Actions UI shows it: no workflow commands, no key.
    expect(output).not.toMatch(/^\s*::/m)
    expect(output).not.toContain(SIMULATOR_API_KEY)
  })

  it('runs pause, then its post step with the state it saved', async () => {
    const { code, output } = await runLocal([
      'pause',
      '--inputs',
      envFile,
      '--with',
      'workflow-id=wfl_quiet_hours',
      '--with',
      'auto-resume=true'
    ])
    expect(code).toBe(0)
    // The resume-only input is not passed to the pause action.
    expect(output).toContain('left out, not inputs of pause/action.yml: INPUT_WAIT-FOR-PAUSED')
    expect(output).toContain('  paused = true\n')
    expect(output).toMatch(/^state saved for the post step:\n {2}\S+ = .*wfl_quiet_hours/m)
    expect(output).toContain('post pause: exit code 0')
    expect(sim.statusChanges.map(c => `${c.workflowId} ${c.from}->${c.to}`)).toEqual([
      'wfl_quiet_hours active->paused',
      'wfl_quiet_hours paused->active'
    ])
  })

  it('says how to make a missing .env', async () => {
    const { code, output } = await runLocal(['--inputs', join(dir, 'none')])
    expect(code).toBe(2)
    expect(output).toContain('cp .env.example .env')
  })
})
