import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { runAction } from '../simulator/runner.js'

/**
 * `npm run bench`: figures, not a pass/fail test. Runs are interleaved (A B C A B C …) in one
 * process so that drift of the machine affects every variant alike; medians are reported.
 * Options: --runs <n> (cold-start rounds, default 30), --out <file.md> (also write markdown).
 */

const args = process.argv.slice(2)
const option = (name: string, fallback: string): string => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback
}
const ROUNDS = Number(option('runs', '30'))
const OUT = option('out', '')

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const ms = (value: number): string => `${value.toFixed(1)} ms`
const lines: string[] = []
const say = (line = ''): void => {
  console.log(line)
  lines.push(line)
}

function timeProcess(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(process.execPath, argv, { env, stdio: 'ignore' })
    child.on('error', reject)
    child.on('close', code => {
      if (code !== 0) reject(new Error(`${argv.join(' ')} exited ${code}`))
      else resolve(Number(process.hrtime.bigint() - started) / 1e6)
    })
  })
}

async function buildToolkitFloor(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'toolkit-floor-'))
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        'node_modules/@vercel/ncc/dist/ncc/cli.js',
        'build',
        'bench/toolkit-floor/index.ts',
        '-o',
        out,
        '-q'
      ],
      { stdio: 'inherit' }
    )
    child.on('close', code => (code === 0 ? resolve() : reject(new Error(`ncc exited ${code}`))))
  })
  return join(out, 'index.js')
}

async function coldStart(sim: DialNexaSimulator): Promise<void> {
  const floorBundle = await buildToolkitFloor()
  const dir = mkdtempSync(join(tmpdir(), 'bench-'))
  const outputFile = join(dir, 'output')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_OUTPUT: outputFile,
    'INPUT_WORKFLOW-ID': 'wfl_bench',
    'INPUT_API-KEY': SIMULATOR_API_KEY,
    'INPUT_API-URL': sim.url
  }
  const variants: Array<[string, string[]]> = [
    ['node -e ""', ['-e', '']],
    ['toolkit floor', [floorBundle]],
    ['dist/index.js', ['dist/index.js']]
  ]
  const times = new Map<string, number[]>(variants.map(([name]) => [name, []]))
  // One warm-up round fills the OS file cache for every variant.
  for (let round = -1; round < ROUNDS; round++) {
    // Rotate the order too, so no variant always runs right after another.
    const order = variants.map((_, i) => variants[(i + Math.max(round, 0)) % variants.length]!)
    for (const [name, argv] of order) {
      sim.setStatus('wfl_bench', 'paused')
      writeFileSync(outputFile, '')
      const elapsed = await timeProcess(argv, env)
      if (round >= 0) times.get(name)!.push(elapsed)
    }
  }
  const resumes = sim.requestsFor('resume', 'wfl_bench').filter(r => r.statusCode === 200).length
  const [nodeFloor, toolkit, project] = variants.map(([name]) => median(times.get(name)!))
  say('## 1. Cold start')
  say()
  say(`${ROUNDS} interleaved rounds; wall time of the whole process, median.`)
  say(`Every run of the two bundles made one resume POST (${resumes} successful resumes seen).`)
  say()
  say('| variant | median | min | max |')
  say('| --- | --- | --- | --- |')
  for (const [name] of variants) {
    const t = times.get(name)!
    say(`| ${name} | ${ms(median(t))} | ${ms(Math.min(...t))} | ${ms(Math.max(...t))} |`)
  }
  say()
  say(`- project / node floor: **${(project! / nodeFloor!).toFixed(2)}×**`)
  say(`- project / toolkit floor: **${(project! / toolkit!).toFixed(3)}×** (target ≤ 1.10×)`)
  say()
}

/** The bundled action with wait-for-paused on wfl_wait; throws unless it resumed. */
async function runWaitingAction(sim: DialNexaSimulator, intervalSeconds: number): Promise<void> {
  const result = await runAction(
    {
      'workflow-id': 'wfl_wait',
      'api-key': SIMULATOR_API_KEY,
      'api-url': sim.url,
      'wait-for-paused': 'true',
      'poll-interval': String(intervalSeconds),
      'wait-timeout': '120'
    },
    { debug: false }
  )
  if (result.code !== 0) throw new Error(`wait run failed: ${result.stderr}${result.stdout}`)
}

async function reactionLatency(
  sim: DialNexaSimulator,
  intervalSeconds: number,
  runs: number
): Promise<number[]> {
  const latencies: number[] = []
  for (let i = 0; i < runs; i++) {
    sim.setStatus('wfl_wait', 'active')
    // An offset that is not a multiple of the interval, different every run.
    const flipAfter = 700 + ((i * 379) % Math.round(intervalSeconds * 1000))
    sim.scheduleStatus('wfl_wait', 'paused', flipAfter)
    const before = sim.requests.length
    await runWaitingAction(sim, intervalSeconds)
    const flip = sim.statusChanges
      .filter(c => c.workflowId === 'wfl_wait' && c.to === 'paused')
      .at(-1)!
    const resume = sim.requests.slice(before).find(r => r.action === 'resume')!
    latencies.push(resume.at - flip.at)
  }
  return latencies
}

async function requestEconomy(
  sim: DialNexaSimulator,
  waitSeconds: number,
  intervalSeconds: number
) {
  sim.setStatus('wfl_wait', 'active')
  const before = sim.requests.length
  const started = Date.now()
  sim.scheduleStatus('wfl_wait', 'paused', waitSeconds * 1000)
  await runWaitingAction(sim, intervalSeconds)
  const ours = sim.requests.slice(before)
  const polls = ours.filter(r => r.action === 'get')
  const gaps = polls.slice(1).map((r, i) => r.at - polls[i]!.at)
  return {
    waitedMs: ours.find(r => r.action === 'resume')!.at - started,
    polls: polls.length,
    bound: Math.ceil(waitSeconds / intervalSeconds) + 1,
    minGapMs: gaps.length ? Math.min(...gaps) : NaN
  }
}

const PARALLEL_LATENCY_MS = 100
const PARALLEL_RUNS = 5

async function parallelResume() {
  const ids = Array.from({ length: 20 }, (_, i) => `wfl_p${String(i).padStart(2, '0')}`)
  const parallel = new DialNexaSimulator({
    workflows: ids.map(id => ({ id, status: 'paused', enrolled_leads: 1 })),
    latencyMs: PARALLEL_LATENCY_MS
  })
  await parallel.start()
  const limits = [1, 4, 8]
  const times = new Map<number, number[]>(limits.map(l => [l, []]))
  const peaks = new Map<number, number>(limits.map(l => [l, 0]))
  const spans = new Map<number, number[]>(limits.map(l => [l, []]))
  try {
    for (let round = 0; round < PARALLEL_RUNS; round++) {
      for (const limit of limits) {
        for (const id of ids) parallel.setStatus(id, 'paused')
        parallel.maxInFlight = 0
        const before = parallel.requests.length
        const started = process.hrtime.bigint()
        const result = await runAction(
          {
            'workflow-id': ids.join('\n'),
            'api-key': SIMULATOR_API_KEY,
            'api-url': parallel.url,
            'max-parallel': String(limit)
          },
          { debug: false }
        )
        if (result.code !== 0 || result.outputs.resumed !== 'true')
          throw new Error('parallel run failed')
        times.get(limit)!.push(Number(process.hrtime.bigint() - started) / 1e6)
        peaks.set(limit, Math.max(peaks.get(limit)!, parallel.maxInFlight))
        // From the first request's arrival to the last answer: the part max-parallel can change.
        const arrivals = parallel.requests.slice(before).map(r => r.at)
        spans.get(limit)!.push(Math.max(...arrivals) - Math.min(...arrivals) + PARALLEL_LATENCY_MS)
      }
    }
  } finally {
    await parallel.stop()
  }
  return limits.map(limit => ({
    limit,
    median: median(times.get(limit)!),
    span: median(spans.get(limit)!),
    ideal: Math.ceil(ids.length / limit) * PARALLEL_LATENCY_MS,
    maxInFlight: peaks.get(limit)!
  }))
}

const sim = new DialNexaSimulator({
  workflows: [
    { id: 'wfl_bench', name: 'Bench', status: 'paused', enrolled_leads: 1 },
    { id: 'wfl_wait', name: 'Wait', status: 'active' }
  ]
})
await sim.start()
try {
  say('# Benchmark figures')
  say()
  say(`- command: \`npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}\``)
  say(
    `- machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform} ${process.arch}`
  )
  say(`- Node ${process.version}; simulator on 127.0.0.1 in the same process`)
  say(`- date: ${new Date().toISOString().slice(0, 10)}`)
  say()
  await coldStart(sim)

  say('## 2. Reaction latency of wait-for-paused')
  say()
  say('Time from the simulator flipping the workflow to `paused` until the resume POST arrives.')
  say()
  say('| poll-interval | runs | median | max | target (interval + 100 ms) |')
  say('| --- | --- | --- | --- | --- |')
  for (const interval of [0.5, 2]) {
    const latencies = await reactionLatency(sim, interval, interval < 1 ? 8 : 5)
    const target = interval * 1000 + 100
    say(
      `| ${interval} s | ${latencies.length} | ${ms(median(latencies))} | ${ms(Math.max(...latencies))} | ${target} ms ${Math.max(...latencies) <= target ? '✓' : '✗'} |`
    )
  }
  say()

  say('## 3. Request economy during a wait')
  say()
  say('Polls are counted and timed where they arrive, at the simulator.')
  say()
  say('| wait W | poll-interval | GET polls | bound ceil(W/i)+1 | smallest gap between polls |')
  say('| --- | --- | --- | --- | --- |')
  for (const [wait, interval] of [
    [5, 0.5],
    [6, 2]
  ] as const) {
    const e = await requestEconomy(sim, wait, interval)
    say(
      `| ${wait} s (measured ${(e.waitedMs / 1000).toFixed(2)} s) | ${interval} s | ${e.polls} | ${e.bound} ${e.polls <= e.bound ? '✓' : '✗'} | ${ms(e.minGapMs)} ${e.minGapMs >= interval * 1000 ? '✓' : '✗'} |`
    )
  }
  say()

  say('## 4. Resuming 20 workflows in one step')
  say()
  say(
    `Simulator latency ${PARALLEL_LATENCY_MS} ms per request; medians of ${PARALLEL_RUNS} interleaved runs. ` +
      'The API span runs from the first request to the last answer, the part max-parallel changes; ' +
      'the whole process adds the cold start measured above.'
  )
  say()
  say(
    '| max-parallel | ideal ceil(20/p) × latency | API span | span / ideal | whole process | requests in flight (max) |'
  )
  say('| --- | --- | --- | --- | --- | --- |')
  for (const row of await parallelResume()) {
    say(
      `| ${row.limit} | ${row.ideal} ms | ${ms(row.span)} | ${(row.span / row.ideal).toFixed(2)}× | ${ms(row.median)} | ${row.maxInFlight} |`
    )
  }
  say()

  say('## 5. Bundle size')
  say()
  // Every entry file imports this one library (scripts/bundle-entries.ts).
  const bundle = readFileSync('dist/lib/index.js')
  say(
    `- \`dist/lib/index.js\`: ${(statSync('dist/lib/index.js').size / 1024).toFixed(1)} KiB (${(gzipSync(bundle).length / 1024).toFixed(1)} KiB gzipped)`
  )
} finally {
  await sim.stop()
}
if (OUT) writeFileSync(OUT, `${lines.join('\n')}\n`)
