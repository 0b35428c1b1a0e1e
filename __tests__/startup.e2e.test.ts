import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readActionMetadata } from '../scripts/action-metadata.js'
import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { ACTION_NODE, runAction, runWithPost } from '../simulator/runner.js'

/**
 * What a run pays for before its first request: the runtime it starts on, and what the bundle
 * evaluates. undici is left for first use (build/undici-on-demand.cjs); docs/benchmarks.md has
 * the figures.
 */

interface ProbeReport {
  node: string
  globalDispatcher: boolean
  webAssembly: string[]
}

const PROBE = '__tests__/fixtures/undici-probe.mjs'
let dir: string
let reportFile: string
let sim: DialNexaSimulator

beforeAll(async () => {
  sim = new DialNexaSimulator({
    workflows: [
      { id: 'wfl_paused', name: 'Paused', status: 'paused' },
      { id: 'wfl_later', name: 'Later', status: 'active' },
      { id: 'wfl_live', name: 'Live', status: 'active' }
    ]
  })
  await sim.start()
})
afterAll(() => sim.stop())
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'startup-'))
  reportFile = join(dir, 'probe.json')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function probedRun(inputs: Record<string, string>): Promise<ProbeReport> {
  const result = await runAction(
    { 'api-key': SIMULATOR_API_KEY, 'api-url': sim.url, ...inputs },
    { nodeArgs: ['--import', `./${PROBE}`], env: { UNDICI_PROBE_FILE: reportFile } }
  )
  expect(result.outputs.resumed).toBe('true')
  return JSON.parse(readFileSync(reportFile, 'utf8')) as ProbeReport
}

function probedScript(script: string): ProbeReport {
  execFileSync(ACTION_NODE, ['--import', `./${PROBE}`, '-e', script], {
    env: { PATH: process.env.PATH, UNDICI_PROBE_FILE: reportFile }
  })
  return JSON.parse(readFileSync(reportFile, 'utf8')) as ProbeReport
}

describe('the bundle at start-up', () => {
  it('runs on the Node version that both action.yml files declare', async () => {
    const using = readActionMetadata().runs?.using
    expect(using).toMatch(/^node\d+$/)
    expect(readActionMetadata('pause/action.yml').runs?.using).toBe(using)
    const report = await probedRun({ 'workflow-id': 'wfl_paused' })
    expect(report.node.split('.')[0]).toBe(`v${using!.slice('node'.length)}`)
    sim.setStatus('wfl_paused', 'paused')
  })

  it('never evaluates undici, resuming at once or after waiting', async () => {
    const resumed = await probedRun({ 'workflow-id': 'wfl_paused' })
    expect(resumed).toMatchObject({ globalDispatcher: false, webAssembly: [] })

    // Paused once the first read has been answered (active), not at a time a slow start-up
    // could outrun: the run waits, and its poll finds it paused.
    void sim.arrival('get', 'wfl_later').then(() => sim.setStatus('wfl_later', 'paused'))
    const waited = await probedRun({
      'workflow-id': 'wfl_later',
      'wait-for-paused': 'true',
      'poll-interval': '0.2',
      'wait-timeout': '10'
    })
    expect(sim.requestsFor('get', 'wfl_later')).toHaveLength(2)
    expect(waited).toMatchObject({ globalDispatcher: false, webAssembly: [] })
    sim.setStatus('wfl_paused', 'paused')
  })

  it('never evaluates undici in the pause action and its post step either', async () => {
    const reports: ProbeReport[] = []
    const probe = (): { nodeArgs: string[]; env: Record<string, string> } => ({
      nodeArgs: ['--import', `./${PROBE}`],
      env: { UNDICI_PROBE_FILE: reportFile }
    })
    const { main, post } = await runWithPost(
      {
        'api-key': SIMULATOR_API_KEY,
        'api-url': sim.url,
        'workflow-id': 'wfl_live',
        'auto-resume': 'true'
      },
      { main: 'dist/pause/main.js', post: 'dist/pause/post.js' },
      {
        ...probe(),
        between: () => {
          reports.push(JSON.parse(readFileSync(reportFile, 'utf8')) as ProbeReport)
        }
      }
    )
    reports.push(JSON.parse(readFileSync(reportFile, 'utf8')) as ProbeReport)
    expect([main.outputs.paused, post.code]).toEqual(['true', 0])
    expect(sim.workflow('wfl_live')?.status).toBe('active')
    for (const report of reports)
      expect(report).toMatchObject({ globalDispatcher: false, webAssembly: [] })
  })

  it('has a probe that does see undici when a process evaluates it', () => {
    const report = probedScript("require('undici')")
    expect(report.globalDispatcher).toBe(true)
    expect(report.webAssembly).not.toEqual([])
  })
})

describe('undici on demand', () => {
  it('bundles all of undici into dist/lib/undici/index.cjs', () => {
    const facts = execFileSync(
      ACTION_NODE,
      [
        '-e',
        `const bundled = require('./dist/lib/undici/index.cjs')
         const installed = require('undici')
         console.log(JSON.stringify({
           bundled: Object.keys(bundled).sort(),
           installed: Object.keys(installed).sort(),
           agent: new bundled.ProxyAgent('http://127.0.0.1:9').constructor.name
         }))`
      ],
      { encoding: 'utf8' }
    )
    const { bundled, installed, agent } = JSON.parse(facts) as Record<string, unknown>
    expect(bundled).toEqual(installed)
    expect(agent).toBe('ProxyAgent')
  })

  it('bundles the undici that @actions/http-client resolves, not another copy', () => {
    // build/undici.cjs resolves undici from build/; were http-client to get a nested copy of
    // another version after an update, the bundle would silently hand it the wrong one.
    const root = process.cwd()
    const forHttpClient = createRequire(
      join(root, 'node_modules/@actions/http-client/package.json')
    ).resolve('undici')
    const bundled = createRequire(join(root, 'build/undici.cjs')).resolve('undici/index.js')
    expect(forHttpClient).toBe(bundled)
  })

  it('loads it on first use and hands out its own exports', () => {
    // The layout of dist/: the on-demand module finds undici at ./undici/index.cjs.
    copyFileSync('build/undici-on-demand.cjs', join(dir, 'on-demand.cjs'))
    symlinkSync(join(process.cwd(), 'dist', 'lib', 'undici'), join(dir, 'undici'))
    const facts = execFileSync(
      ACTION_NODE,
      [
        '-e',
        `const onDemand = require(${JSON.stringify(join(dir, 'on-demand.cjs'))})
         const loaded = () => Object.keys(require.cache).some(f => f.endsWith('/dist/lib/undici/index.cjs'))
         const before = loaded()
         const esModule = onDemand.__esModule
         const stillBefore = loaded()
         const agent = new onDemand.ProxyAgent('http://127.0.0.1:9')
         const undici = require('./dist/lib/undici/index.cjs')
         console.log(JSON.stringify({
           before, esModule, stillBefore, after: loaded(),
           same: onDemand.ProxyAgent === undici.ProxyAgent && onDemand.request === undici.request,
           isProxyAgent: agent instanceof undici.ProxyAgent
         }))`
      ],
      { encoding: 'utf8' }
    )
    expect(JSON.parse(facts)).toEqual({
      before: false,
      stillBefore: false,
      after: true,
      same: true,
      isProxyAgent: true
    })
  })
})
