import { writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { ACTION_NODE, runAction } from '../simulator/runner.js'
import { coldStart, coldStartTable, NodeUnderTest } from './cold-start.js'
import { download, peakMemory } from './footprint.js'
import { median, ms, nodeVersion } from './process.js'
import { buildToolkitFloor } from './toolkit-floor/build.js'

/**
 * `npm run bench`: figures, not a pass/fail test. Runs are interleaved (A B C A B C …) in one
 * process so that drift of the machine affects every variant alike; medians are reported.
 * Cold start and memory are measured on Node 24 (the node devDependency, as runs.using) and on
 * the Node that runs npm (this machine's), or the one --other-node names.
 * Options: --runs <n> (cold-start rounds, default 30), --out <file.md> (also write markdown),
 * --other-node <path>.
 */

const args = process.argv.slice(2)
const option = (name: string, fallback: string): string => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback
}
const ROUNDS = Number(option('runs', '30'))
const OUT = option('out', '')
// npm puts the node devDependency first on PATH for its scripts; npm_node_execpath is the Node
// that runs npm itself.
const OTHER_NODE = option('other-node', process.env.npm_node_execpath ?? process.execPath)

const lines: string[] = []
const say = (line = ''): void => {
  console.log(line)
  lines.push(line)
}
const kB = (bytes: number): string => `${(bytes / 1000).toFixed(0)} KB`
const MiB = (kib: number): string => `${(kib / 1024).toFixed(1)} MiB`

async function nodesUnderTest(): Promise<NodeUnderTest[]> {
  const action = await nodeVersion(ACTION_NODE)
  const other = await nodeVersion(OTHER_NODE)
  const nodes = [{ label: `Node ${action.slice(1)} (runs.using)`, path: ACTION_NODE }]
  if (other !== action) nodes.push({ label: `Node ${other.slice(1)}`, path: OTHER_NODE })
  return nodes
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
  // Each workflow takes a round trip per request in turn (its first read, then the resume).
  let requestsPerWorkflow = 0
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
        requestsPerWorkflow = arrivals.length / ids.length
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
    requestsPerWorkflow,
    ideal: Math.ceil(ids.length / limit) * requestsPerWorkflow * PARALLEL_LATENCY_MS,
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
  say(
    `- Node ${process.version} runs the bench and the simulator, on 127.0.0.1 in the same process`
  )
  say(`- date: ${new Date().toISOString().slice(0, 10)}`)
  say(
    `- load average at the start: ${loadavg()
      .map(l => l.toFixed(1))
      .join(', ')} (1, 5, 15 min)`
  )
  say()
  const nodes = await nodesUnderTest()
  const floorBundle = await buildToolkitFloor()
  const { figures, resumes } = await coldStart(sim, nodes, floorBundle, ROUNDS)
  say('## 1. Cold start')
  say()
  say(
    `${ROUNDS} rounds, every variant on every Node interleaved in one run; wall time of the ` +
      `whole process, median. Every run of a bundle made one resume POST (${resumes} ` +
      'successful resumes seen). No compile cache: each run compiles from scratch.'
  )
  say()
  for (const line of coldStartTable(figures)) say(line)
  say()
  say('Target: dist / toolkit floor ≤ 0.90× on Node 24.')
  say()

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
  const rows = await parallelResume()
  say(
    ` Each workflow made ${rows[0]!.requestsPerWorkflow} requests in turn (its first read, then the resume), ` +
      'so the ideal is ceil(20/p) × requests × latency.'
  )
  say()
  say(
    '| max-parallel | ideal ceil(20/p) × requests × latency | API span | span / ideal | whole process | requests in flight (max) |'
  )
  say('| --- | --- | --- | --- | --- | --- |')
  for (const row of rows) {
    say(
      `| ${row.limit} | ${row.ideal} ms | ${ms(row.span)} | ${(row.span / row.ideal).toFixed(2)}× | ${ms(row.median)} | ${row.maxInFlight} |`
    )
  }
  say()

  say('## 5. Download and memory')
  say()
  const size = await download()
  say(
    `- download, \`git archive HEAD | gzip\`: **${kB(size.archiveBytes)}** ` +
      `(${size.archiveBytes} bytes; target ≤ 350 KB)${size.uncommitted ? ' — HEAD only: the work tree has uncommitted changes' : ''}`
  )
  // Every entry file imports this one library (scripts/bundle-entries.ts).
  say(`- \`dist/lib/index.js\`: ${kB(size.bundleBytes)}, ${kB(size.bundleGzipBytes)} gzipped`)
  say()
  say('Peak RSS of the whole process (`process.resourceUsage().maxRSS` at exit), median of 5 runs:')
  say()
  const memory = await peakMemory(nodes, floorBundle, 5)
  say(`| | ${memory.map(m => m.node.label).join(' | ')} |`)
  say(`| --- | ${memory.map(() => '---').join(' | ')} |`)
  say(`| toolkit floor, 1 workflow | ${memory.map(m => MiB(m.floor)).join(' | ')} |`)
  say(`| \`dist/index.js\`, 1 workflow | ${memory.map(m => MiB(m.one)).join(' | ')} |`)
  say(
    `| \`dist/index.js\`, 20 workflows (max-parallel 4) | ${memory.map(m => MiB(m.twenty)).join(' | ')} |`
  )
  say()
  say(
    `Load average at the end: ${loadavg()
      .map(l => l.toFixed(1))
      .join(', ')} (1, 5, 15 min).`
  )
} finally {
  await sim.stop()
}
if (OUT) writeFileSync(OUT, `${lines.join('\n')}\n`)
