import { existsSync } from 'node:fs'
import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { seedWorkflows } from '../simulator/seed.js'
import { ActionRun, renderLikeRunner, renderSummary, runAction } from '../simulator/runner.js'

/**
 * `npm run demo`: the bundled action against the local simulator, twice, showing what a user
 * sees in the Actions UI. No DialNexa account and no network needed.
 */

const bold = (text: string): string => (process.stdout.isTTY ? `\u001b[1m${text}\u001b[0m` : text)

function show(title: string, inputs: Record<string, string>, result: ActionRun): void {
  console.log(`\n${bold(`━━ ${title}`)}`)
  console.log(bold('with:'))
  for (const [name, value] of Object.entries(inputs)) {
    console.log(`  ${name}: ${name === 'api-key' ? '${{ secrets.DIALNEXA_API_KEY }}' : value}`)
  }
  console.log(bold('\nlog:'))
  console.log(indent(renderLikeRunner(`${result.stdout}\n${result.stderr}`)))
  console.log(bold(`\noutputs (exit code ${result.code}):`))
  for (const [name, value] of Object.entries(result.outputs)) console.log(`  ${name} = ${value}`)
  console.log(bold('\njob summary:'))
  console.log(renderSummary(result.summary))
}

function indent(text: string): string {
  return text
    .split('\n')
    .map(line => `  ${line}`)
    .join('\n')
}

if (!existsSync('dist/index.js')) {
  console.error('dist/index.js is missing: run `npm run bundle` first.')
  process.exit(1)
}

const sim = new DialNexaSimulator({ workflows: seedWorkflows() })
const url = await sim.start()
let failed: boolean
try {
  console.log(`DialNexa simulator on ${url}, seeded with ${seedWorkflows().length} workflows.`)

  const first = { 'workflow-id': 'wfl_m3v7zb9rk2px', 'api-key': SIMULATOR_API_KEY, 'api-url': url }
  const resumed = await runAction(first, { debug: false })
  show('Run 1: resume a paused workflow', first, resumed)

  const second = {
    'workflow-id': 'wfl_quiet_hours',
    'api-key': SIMULATOR_API_KEY,
    'api-url': url,
    'wait-for-paused': 'true',
    'poll-interval': '1',
    'wait-timeout': '30'
  }
  console.log(`\n(The simulator will pause wfl_quiet_hours 3 seconds into run 2.)`)
  sim.scheduleStatus('wfl_quiet_hours', 'paused', 3000)
  const waited = await runAction(second, { debug: false })
  show('Run 2: wait until the workflow is paused, then resume it', second, waited)

  failed = resumed.code !== 0 || waited.code !== 0
} finally {
  await sim.stop()
}
console.log(failed ? '\nThe demo did not go as expected.' : '\nDemo finished.')
process.exitCode = failed ? 1 : 0
