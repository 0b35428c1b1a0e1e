import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createGzip, gzipSync } from 'node:zlib'
import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { NodeUnderTest } from './cold-start.js'
import { median, peakRss } from './process.js'

/** What a job downloads, and how much memory a run takes. */

export interface Download {
  /** `git archive HEAD | gzip`: what the runner fetches for `uses: owner/repo@ref`. */
  archiveBytes: number
  bundleBytes: number
  bundleGzipBytes: number
  /** Files changed since HEAD are not in the archive. */
  uncommitted: boolean
}

export async function download(): Promise<Download> {
  const archiveBytes = await new Promise<number>((resolve, reject) => {
    const git = spawn('git', ['archive', 'HEAD'], { stdio: ['ignore', 'pipe', 'inherit'] })
    let bytes = 0
    const gzip = createGzip()
    gzip.on('data', (chunk: Buffer) => (bytes += chunk.length))
    gzip.on('end', () => resolve(bytes))
    git.on('error', reject)
    git.stdout.pipe(gzip)
  })
  const status = await new Promise<string>(resolve => {
    let out = ''
    const git = spawn('git', ['status', '--porcelain', '--untracked-files=no'])
    git.stdout.on('data', chunk => (out += chunk))
    git.on('close', () => resolve(out))
  })
  return {
    archiveBytes,
    bundleBytes: statSync('dist/lib/index.js').size,
    bundleGzipBytes: gzipSync(readFileSync('dist/lib/index.js')).length,
    uncommitted: status.trim() !== ''
  }
}

export interface PeakMemory {
  node: NodeUnderTest
  floor: number
  one: number
  twenty: number
}

/**
 * Peak RSS (KiB, median of `runs`) of the toolkit floor and of the bundle resuming one
 * workflow, and of the bundle resuming 20 workflows in one step (default max-parallel).
 */
export async function peakMemory(
  nodes: NodeUnderTest[],
  floorBundle: string,
  runs: number
): Promise<PeakMemory[]> {
  const ids = Array.from({ length: 20 }, (_, i) => `wfl_m${String(i).padStart(2, '0')}`)
  const sim = new DialNexaSimulator({
    workflows: ids.map(id => ({ id, name: id, status: 'paused', enrolled_leads: 1 }))
  })
  await sim.start()
  const outputFile = join(mkdtempSync(join(tmpdir(), 'bench-rss-')), 'output')
  writeFileSync(outputFile, '')
  const env = (workflowIds: string[]): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    GITHUB_OUTPUT: outputFile,
    'INPUT_WORKFLOW-ID': workflowIds.join('\n'),
    'INPUT_API-KEY': SIMULATOR_API_KEY,
    'INPUT_API-URL': sim.url
  })
  const measure = async (node: NodeUnderTest, script: string, workflowIds: string[]) => {
    const samples: number[] = []
    for (let i = 0; i < runs; i++) {
      for (const id of workflowIds) sim.setStatus(id, 'paused')
      samples.push(await peakRss(node.path, script, env(workflowIds)))
    }
    return median(samples)
  }
  try {
    const figures: PeakMemory[] = []
    for (const node of nodes) {
      figures.push({
        node,
        floor: await measure(node, floorBundle, ids.slice(0, 1)),
        one: await measure(node, 'dist/index.js', ids.slice(0, 1)),
        twenty: await measure(node, 'dist/index.js', ids)
      })
    }
    return figures
  } finally {
    await sim.stop()
  }
}
