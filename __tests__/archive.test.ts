import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, normalize } from 'node:path'
import { readActionMetadata } from '../scripts/action-metadata.js'
import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { runAction, runWithPost } from '../simulator/runner.js'

/**
 * What a runner downloads for `uses:` is `git archive` of the ref; .gitattributes leaves out
 * what no runner needs. Whatever it leaves out, the actions must still be whole.
 */

const git = (...args: string[]): string[] =>
  execFileSync('git', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\n')
    .filter(Boolean)

describe('the archive a runner downloads', () => {
  const archived = new Set(
    execFileSync('sh', ['-c', 'git archive HEAD | tar -t'], { encoding: 'utf8' }).split('\n')
  )

  it('has both action.yml files and every script they run', () => {
    for (const file of ['action.yml', 'pause/action.yml']) {
      expect(archived).toContain(file)
      const { main, post } = readActionMetadata(file).runs ?? {}
      expect(main).toBeDefined()
      for (const script of [main, post])
        if (script) expect(archived).toContain(normalize(join(dirname(file), script)))
    }
  })

  it('has every committed file of dist/', () => {
    const committed = git('ls-tree', '-r', '--name-only', 'HEAD', 'dist/')
    expect(committed).toContain('dist/lib/undici/index.cjs')
    expect(committed.filter(file => !archived.has(file))).toEqual([])
  })

  it('leaves out the tests, benchmarks and their docs', () => {
    const left = [...archived].filter(file => /^(__tests__|bench|docs)\//.test(file))
    expect(left).toEqual([])
    expect(archived).toContain('src/index.ts')
  })
})

describe('the actions, run from the extracted archive', () => {
  let dir: string
  let sim: DialNexaSimulator
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'archive-'))
    execFileSync('sh', ['-c', `git archive HEAD | tar -x -C '${dir}'`])
    sim = new DialNexaSimulator({
      workflows: [
        { id: 'wfl_held', status: 'paused' },
        { id: 'wfl_live', status: 'active' }
      ]
    })
    await sim.start()
  })
  afterAll(async () => {
    await sim.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  // Nothing outside the archive, no node_modules above it: what a runner has.
  const inputs = (id: string) => ({
    'workflow-id': id,
    'api-key': SIMULATOR_API_KEY,
    'api-url': sim.url
  })
  const script = (file: string, action = 'action.yml'): string => {
    const { main, post } = readActionMetadata(action).runs ?? {}
    return join(dir, dirname(action), file === 'post' ? post! : main!)
  }

  it('resumes with the script action.yml runs', async () => {
    const result = await runAction(inputs('wfl_held'), { script: script('main') })
    expect([result.code, result.outputs.resumed]).toEqual([0, 'true'])
  })

  it('pauses and resumes at the end with the scripts pause/action.yml runs', async () => {
    const { main, post } = await runWithPost(
      { ...inputs('wfl_live'), 'auto-resume': 'true' },
      { main: script('main', 'pause/action.yml'), post: script('post', 'pause/action.yml') }
    )
    expect([main.code, main.outputs.paused, post.code]).toEqual([0, 'true', 0])
    expect(sim.statusChanges.filter(c => c.workflowId === 'wfl_live').map(c => c.to)).toEqual([
      'paused',
      'active'
    ])
  })
})
