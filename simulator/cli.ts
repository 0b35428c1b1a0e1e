import { parseArgs } from 'node:util'
import { readFileSync } from 'node:fs'
import { DialNexaSimulator, FaultRule, SIMULATOR_API_KEY, SimWorkflow } from './simulator.js'
import { seedWorkflows } from './seed.js'
import { FAULT_SYNTAX, parseFaultSpec } from './fault-spec.js'

/** `npm run simulator -- [options]`: the DialNexa simulator on its own, for trying the action. */

const HELP = `Usage: npm run simulator -- [options]

Starts a DialNexa-compatible API on 127.0.0.1, seeded with a few workflows. Its state lives in
memory: to start afresh, stop it and start it again, or POST to /_reset (e.g.
curl -X POST http://127.0.0.1:4010/_reset), which puts the workflows back as they were and
scripts the --fault and --schedule options again.

Options:
  --port <n>                 port to listen on (default 4010; 0 picks a free one)
  --api-key <key>            the API key it accepts (default ${SIMULATOR_API_KEY})
  --latency <ms>             delay added to every answer (default 0)
  --rate-limit <n>/<sec>     allow n requests per key per window of sec seconds (default: no limit)
  --schedule <id>=<status>@<ms>
                             change a workflow's status after ms milliseconds, e.g.
                             wfl_quiet_hours=paused@5000 (repeatable)
  ${FAULT_SYNTAX}
  --workflows <file.json>    seed from a JSON array of workflow records instead
  --quiet                    do not log each request
  -h, --help                 show this help
`

function fail(message: string): never {
  // Last, where a terminal shows it below the usage.
  console.error(`${HELP}\nsimulator: ${message}`)
  process.exit(2)
}

function readArgs() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: '4010' },
        'api-key': { type: 'string', default: SIMULATOR_API_KEY },
        latency: { type: 'string', default: '0' },
        'rate-limit': { type: 'string' },
        schedule: { type: 'string', multiple: true, default: [] },
        fault: { type: 'string', multiple: true, default: [] },
        workflows: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false }
      }
    }).values
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
}

const values = readArgs()

function wholeNumber(name: string, text: string): number {
  if (!/^\d+$/.test(text)) fail(`--${name} must be a whole number, got "${text}"`)
  return Number(text)
}

if (values.help) {
  console.log(HELP)
  process.exit(0)
}

let rateLimit: { limit: number; windowMs: number } | undefined
if (values['rate-limit']) {
  const match = /^(\d+)\/(\d+)$/.exec(values['rate-limit'])
  if (!match) fail('--rate-limit must look like 60/60 (requests/seconds)')
  rateLimit = { limit: Number(match[1]), windowMs: Number(match[2]) * 1000 }
}

const workflows: SimWorkflow[] = values.workflows
  ? (JSON.parse(readFileSync(values.workflows, 'utf8')) as SimWorkflow[])
  : seedWorkflows()

const seeded = new Set(workflows.map(workflow => workflow.id))

const schedules = values.schedule.map(entry => {
  const match = /^([A-Za-z0-9_-]+)=([a-z_]+)@(\d+)$/.exec(entry)
  if (!match) fail(`--schedule must look like wfl_id=paused@5000, got "${entry}"`)
  const [, id, status, after] = match
  if (!seeded.has(id!)) fail(`--schedule names ${id}, which is not a seeded workflow`)
  return { id: id!, status: status!, afterMs: Number(after) }
})

const faults: FaultRule[] = values.fault.map(entry => {
  let rule: FaultRule
  try {
    rule = parseFaultSpec(entry)
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
  if (rule.workflowId !== undefined && !seeded.has(rule.workflowId))
    fail(`--fault "${entry}" names ${rule.workflowId}, which is not a seeded workflow`)
  return rule
})

let logged = 0
/** Logs the requests that arrived since the last call (unless --quiet). */
function flushLog(): void {
  if (values.quiet) return
  for (const request of sim.requests.slice(logged)) {
    const fault = request.fault === undefined ? '' : ` (fault: ${request.fault})`
    console.log(
      `${new Date(request.at).toISOString()} ${request.method} ${request.path} -> ${request.statusCode ?? '…'}${fault}`
    )
  }
  logged = sim.requests.length
}

/** Scripts the --schedule and --fault options: at start, and again on each reset. */
function script(): void {
  for (const { id, status, afterMs } of schedules) sim.scheduleStatus(id, status, afterMs)
  for (const rule of faults) sim.injectFault({ ...rule })
}

const sim = new DialNexaSimulator({
  apiKeys: [values['api-key']],
  workflows,
  latencyMs: wholeNumber('latency', values.latency),
  rateLimit,
  resetPath: '/_reset',
  // The request log shows the reset: POST /_reset -> 200.
  onReset: script
})
script()

const url = await sim.start(wholeNumber('port', values.port))
console.log(`DialNexa simulator listening on ${url}`)
console.log(`API key: ${values['api-key']}`)
console.log('Workflows:')
for (const workflow of workflows) {
  const name = workflow.name ?? workflow.title ?? ''
  console.log(`  ${workflow.id.padEnd(20)} ${workflow.status.padEnd(10)} ${name}`)
}
for (const entry of values.schedule) console.log(`Scheduled: ${entry}`)
for (const entry of values.fault) console.log(`Fault: ${entry}`)
console.log(`To start afresh: curl -X POST ${new URL(url).origin}/_reset`)
console.log('Press Ctrl-C to stop.')

if (!values.quiet) setInterval(flushLog, 200).unref()

const stop = async (): Promise<void> => {
  await sim.stop()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
