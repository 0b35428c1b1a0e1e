import { existsSync } from 'node:fs'
import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { seedWorkflows } from '../simulator/seed.js'
import {
  ActionRun,
  renderLikeRunner,
  renderSummary,
  runAction,
  runWithPost
} from '../simulator/runner.js'

/**
 * `npm run demo`: the bundled actions against the local simulator, showing what a user sees in
 * the Actions UI: resume twice, then pause → a failing deploy → the automatic resume at job end.
 * No DialNexa account and no network needed.
 */

const bold = (text: string): string => (process.stdout.isTTY ? `\u001b[1m${text}\u001b[0m` : text)

function show(title: string, inputs: Record<string, string>, result: ActionRun): void {
  console.log(`\n${bold(`━━ ${title}`)}`)
  if (Object.keys(inputs).length > 0) console.log(bold('with:'))
  for (const [name, value] of Object.entries(inputs)) {
    console.log(`  ${name}: ${name === 'api-key' ? '${{ secrets.DIALNEXA_API_KEY }}' : value}`)
  }
  console.log(bold('\nlog:'))
  console.log(indent(renderLikeRunner(`${result.stdout}\n${result.stderr}`)))
  const outputs = Object.keys(result.outputs).length > 0 ? 'outputs ' : ''
  console.log(bold(`\n${outputs}(exit code ${result.code})${outputs ? ':' : ''}`))
  for (const [name, value] of Object.entries(result.outputs)) console.log(`  ${name} = ${value}`)
  if (result.summary === '') return
  console.log(bold('\njob summary:'))
  console.log(renderSummary(result.summary))
}

function indent(text: string): string {
  return text
    .split('\n')
    .map(line => `  ${line}`)
    .join('\n')
}

const PAUSE_SCRIPTS = { main: 'dist/pause/main.js', post: 'dist/pause/post.js' }
for (const script of ['dist/index.js', PAUSE_SCRIPTS.main, PAUSE_SCRIPTS.post]) {
  if (!existsSync(script)) {
    console.error(`${script} is missing: run \`npm run bundle\` first.`)
    process.exit(1)
  }
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

  const third = {
    'workflow-id': 'wfl_m3v7zb9rk2px',
    'api-key': SIMULATOR_API_KEY,
    'api-url': url,
    'auto-resume': 'true'
  }
  // The deploy runs between the pause step and its post step, and fails: auto-resume does not care.
  const deploy = await runWithPost(third, PAUSE_SCRIPTS, {
    debug: false,
    between: () => new Promise(resolve => setTimeout(resolve, 1500))
  })
  show('Run 3, step 1: pause dialling until the job ends (…/pause)', third, deploy.main)
  console.log(`\n${bold('━━ Run 3, step 2: Deploy')}`)
  console.log('  $ ./scripts/deploy.sh\n  Error: migration failed (exit code 1: the job fails)')
  show(
    'Run 3, post step of step 1: resume what it paused, though the deploy failed',
    {},
    deploy.post
  )

  failed =
    resumed.code !== 0 ||
    waited.code !== 0 ||
    deploy.main.code !== 0 ||
    deploy.post.code !== 0 ||
    sim.workflow('wfl_m3v7zb9rk2px')?.status !== 'active'
} finally {
  await sim.stop()
}
console.log(failed ? '\nThe demo did not go as expected.' : '\nDemo finished.')
process.exitCode = failed ? 1 : 0
