import { execFileSync } from 'node:child_process'
import { dirname, join, normalize } from 'node:path'
import { readActionMetadata } from '../scripts/action-metadata.js'

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
