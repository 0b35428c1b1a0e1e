import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { median, ms, timeProcess } from './process.js'

export interface NodeUnderTest {
  /** e.g. "Node 24.21.0 (runs.using)" */
  label: string
  path: string
}

export interface ColdStartFigures {
  node: NodeUnderTest
  bare: number
  floor: number
  project: number
}

const VARIANTS = ['node -e ""', 'toolkit floor', 'dist/index.js'] as const

/**
 * Wall time of a whole process that makes one resume POST, for the bare Node, the toolkit
 * floor and our bundle, on every Node given. All runs are interleaved in one loop, and the
 * order rotates each round, so drift of the machine affects every variant alike. The child
 * environment carries no NODE_OPTIONS and no NODE_COMPILE_CACHE: every run compiles from
 * scratch, as on a fresh runner.
 */
export async function coldStart(
  sim: DialNexaSimulator,
  nodes: NodeUnderTest[],
  floorBundle: string,
  rounds: number
): Promise<{ figures: ColdStartFigures[]; resumes: number }> {
  const outputFile = join(mkdtempSync(join(tmpdir(), 'bench-')), 'output')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_OUTPUT: outputFile,
    'INPUT_WORKFLOW-ID': 'wfl_bench',
    'INPUT_API-KEY': SIMULATOR_API_KEY,
    'INPUT_API-URL': sim.url
  }
  const argv: Record<(typeof VARIANTS)[number], string[]> = {
    'node -e ""': ['-e', ''],
    'toolkit floor': [floorBundle],
    'dist/index.js': ['dist/index.js']
  }
  const runs = nodes.flatMap(node => VARIANTS.map(variant => ({ node, variant })))
  const times = runs.map(() => [] as number[])
  const before = sim.requestsFor('resume', 'wfl_bench').length
  // One warm-up round fills the OS file cache for every variant.
  for (let round = -1; round < rounds; round++) {
    for (let i = 0; i < runs.length; i++) {
      const at = (i + Math.max(round, 0)) % runs.length
      const { node, variant } = runs[at]!
      sim.setStatus('wfl_bench', 'paused')
      writeFileSync(outputFile, '')
      const elapsed = await timeProcess(node.path, argv[variant], env)
      if (round >= 0) times[at]!.push(elapsed)
    }
  }
  const resumes = sim
    .requestsFor('resume', 'wfl_bench')
    .slice(before)
    .filter(r => r.statusCode === 200).length
  const medianOf = (node: NodeUnderTest, variant: (typeof VARIANTS)[number]): number =>
    median(times[runs.findIndex(r => r.node === node && r.variant === variant)]!)
  const figures = nodes.map(node => ({
    node,
    bare: medianOf(node, 'node -e ""'),
    floor: medianOf(node, 'toolkit floor'),
    project: medianOf(node, 'dist/index.js')
  }))
  return { figures, resumes }
}

/** The markdown table of the figures: one column per Node. */
export function coldStartTable(figures: ColdStartFigures[]): string[] {
  const row = (cells: string[]): string => `| ${cells.join(' | ')} |`
  return [
    row(['', ...figures.map(f => f.node.label)]),
    row(['---', ...figures.map(() => '---')]),
    row(['`node -e ""`', ...figures.map(f => ms(f.bare))]),
    row(['toolkit floor', ...figures.map(f => ms(f.floor))]),
    row(['`dist/index.js`', ...figures.map(f => ms(f.project))]),
    row([
      '**dist / toolkit floor**',
      ...figures.map(f => `**${(f.project / f.floor).toFixed(2)}×**`)
    ]),
    row(['dist / `node -e ""`', ...figures.map(f => `${(f.project / f.bare).toFixed(2)}×`)])
  ]
}
