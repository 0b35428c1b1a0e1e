import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Small helpers shared by the benchmark sections. */

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export const ms = (value: number): string => `${value.toFixed(1)} ms`

/** Runs `node argv…` to its end; resolves with its wall time in ms. */
export function timeProcess(node: string, argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(node, argv, { env, stdio: 'ignore' })
    child.on('error', reject)
    child.on('close', code => {
      if (code !== 0) reject(new Error(`${node} ${argv.join(' ')} exited ${code}`))
      else resolve(Number(process.hrtime.bigint() - started) / 1e6)
    })
  })
}

/** Runs `node script` with a preload that reports the peak resident set size; in KiB. */
export async function peakRss(
  node: string,
  script: string,
  env: NodeJS.ProcessEnv
): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rss-'))
  const report = join(dir, 'rss')
  try {
    await timeProcess(node, ['--import', './bench/max-rss.mjs', script], {
      ...env,
      BENCH_RSS_FILE: report
    })
    return Number(readFileSync(report, 'utf8'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** `node --version` of a binary. */
export function nodeVersion(node: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = ''
    const child = spawn(node, ['--version'], { stdio: ['ignore', 'pipe', 'inherit'] })
    child.stdout.on('data', chunk => (out += chunk))
    child.on('error', reject)
    child.on('close', () => resolve(out.trim()))
  })
}
