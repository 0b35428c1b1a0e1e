import { parseArgs } from 'node:util'
import { readFileSync } from 'node:fs'
import { DialNexaSimulator, SIMULATOR_API_KEY, SimWorkflow } from './simulator.js'
import { seedWorkflows } from './seed.js'

/** `npm run simulator -- [options]`: the DialNexa simulator on its own, for trying the action. */

const HELP = `Usage: npm run simulator -- [options]

Starts a DialNexa-compatible API on 127.0.0.1, seeded with a few workflows.

Options:
  --port <n>                 port to listen on (default 4010; 0 picks a free one)
  --api-key <key>            the API key it accepts (default ${SIMULATOR_API_KEY})
  --latency <ms>             delay added to every answer (default 0)
  --rate-limit <n>/<sec>     allow n requests per key per window of sec seconds (default: no limit)
  --schedule <id>=<status>@<ms>
                             change a workflow's status after ms milliseconds, e.g.
                             wfl_quiet_hours=paused@5000 (repeatable)
  --workflows <file.json>    seed from a JSON array of workflow records instead
  --quiet                    do not log each request
  -h, --help                 show this help
`

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    'api-key': { type: 'string', default: SIMULATOR_API_KEY },
    latency: { type: 'string', default: '0' },
    'rate-limit': { type: 'string' },
    schedule: { type: 'string', multiple: true, default: [] },
    workflows: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false }
  }
})

function fail(message: string): never {
  console.error(`simulator: ${message}\n\n${HELP}`)
  process.exit(2)
}

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

const sim = new DialNexaSimulator({
  apiKeys: [values['api-key']],
  workflows,
  latencyMs: wholeNumber('latency', values.latency),
  rateLimit
})

for (const entry of values.schedule) {
  const match = /^([A-Za-z0-9_-]+)=([a-z_]+)@(\d+)$/.exec(entry)
  if (!match) fail(`--schedule must look like wfl_id=paused@5000, got "${entry}"`)
  const [, id, status, after] = match
  if (!sim.workflow(id!)) fail(`--schedule names ${id}, which is not a seeded workflow`)
  sim.scheduleStatus(id!, status!, Number(after))
}

const url = await sim.start(wholeNumber('port', values.port))
console.log(`DialNexa simulator listening on ${url}`)
console.log(`API key: ${values['api-key']}`)
console.log('Workflows:')
for (const workflow of workflows) {
  const name = workflow.name ?? workflow.title ?? ''
  console.log(`  ${workflow.id.padEnd(20)} ${workflow.status.padEnd(10)} ${name}`)
}
for (const entry of values.schedule) console.log(`Scheduled: ${entry}`)
console.log('Press Ctrl-C to stop.')

if (!values.quiet) {
  let logged = 0
  setInterval(() => {
    for (const request of sim.requests.slice(logged)) {
      console.log(
        `${new Date(request.at).toISOString()} ${request.method} ${request.path} -> ${request.statusCode ?? '…'}`
      )
    }
    logged = sim.requests.length
  }, 200).unref()
}

const stop = async (): Promise<void> => {
  await sim.stop()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
