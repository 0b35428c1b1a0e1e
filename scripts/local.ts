import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs, parseEnv } from 'node:util'
import {
  ACTION_NODE,
  parseOutputFile,
  renderLikeRunner,
  renderSummary,
  runnerCommands
} from '../simulator/runner.js'
import { readActionMetadata } from './action-metadata.js'

/**
 * `npm run local -- [resume|pause]`: one step of the bundled action on Node 24, set up as the
 * runner sets it up. Inputs come from `.env` (INPUT_<NAME>, dashes kept), and every input it
 * does not give gets its default from the action's action.yml. GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY and GITHUB_STATE are fresh temporary files; the log is shown as the
 * Actions UI shows it, then the outputs and the job summary. `pause` runs the pause step, then
 * its post step with the state the pause step saved (STATE_<name>), as the runner does at the
 * end of a job.
 */

const HELP = `Usage: npm run local -- [resume|pause] [options]

Runs the bundled action on Node 24 as the runner would, with the inputs in .env (see
.env.example); inputs it does not give get their defaults from action.yml.

  resume                 the resume action, dist/index.js (the default)
  pause                  the pause action, dist/pause/main.js, then its post step,
                         dist/pause/post.js, with the state the first one saved

Options:
  --inputs <path>        the file of inputs (default .env); not --env-file, which Node
                         itself would read
  --with <name>=<value>  an input for this run only, over .env's, as in a step's with:
                         (repeatable), e.g. --with workflow-id=wfl_quiet_hours
  --hold                 with pause: wait for Enter before the post step, as the job's
                         other steps would (e.g. to look at the simulator meanwhile)
  --raw                  print the log as the action writes it, workflow commands and all,
                         rather than as the Actions UI shows it
  -h, --help             show this help

Ctrl-C sends the running step SIGINT, as the runner does when a job is cancelled; a second
Ctrl-C sends SIGTERM, a third SIGKILL. The pause step's post step still runs after it.`

function fail(message: string): never {
  console.error(`local: ${message}`)
  process.exit(2)
}

function readArgs() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        inputs: { type: 'string', default: '.env' },
        with: { type: 'string', multiple: true, default: [] },
        hold: { type: 'boolean', default: false },
        raw: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false }
      }
    })
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`)
  }
}

const { values, positionals } = readArgs()
if (values.help) {
  console.log(HELP)
  process.exit(0)
}
if (positionals.length > 1) fail(`name one action, resume or pause\n\n${HELP}`)
const which = positionals[0] ?? 'resume'
if (which !== 'resume' && which !== 'pause')
  fail(`unknown action "${which}": resume or pause\n\n${HELP}`)

const ACTIONS = {
  resume: { metadata: 'action.yml', steps: [{ name: 'resume', script: 'dist/index.js' }] },
  pause: {
    metadata: 'pause/action.yml',
    steps: [
      { name: 'pause', script: 'dist/pause/main.js' },
      { name: 'post pause', script: 'dist/pause/post.js' }
    ]
  }
} as const
const action = ACTIONS[which]

for (const file of [ACTION_NODE, ...action.steps.map(step => step.script)]) {
  if (existsSync(file)) continue
  fail(
    file === ACTION_NODE
      ? `${file} is missing: run \`npm ci\` (the \`node\` devDependency).`
      : `${file} is missing: run \`npm run bundle\`.`
  )
}

const envFile = values.inputs
if (!existsSync(envFile))
  fail(
    `${envFile} is missing: \`cp .env.example .env\` and adjust it (see docs/local-development.md)`
  )
const fromFile = parseEnv(readFileSync(envFile, 'utf8'))

/** The runner's name for an input's variable: upper-cased, spaces to _, dashes kept. */
const inputVariable = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`

for (const entry of values.with) {
  const match = /^([A-Za-z][\w-]*)=(.*)$/s.exec(entry)
  if (!match) fail(`--with must look like workflow-id=wfl_quiet_hours, got "${entry}"`)
  fromFile[inputVariable(match[1]!)] = match[2]!
}

// Inputs as the runner passes them: those given, and the default of each one that is not.
const declared = readActionMetadata(action.metadata).inputs ?? {}
const inputs: Record<string, string> = {}
const defaulted: string[] = []
for (const [name, input] of Object.entries(declared)) {
  const given = fromFile[inputVariable(name)]
  if (given !== undefined) inputs[inputVariable(name)] = given
  else if (input.default !== undefined) {
    inputs[inputVariable(name)] = input.default
    defaulted.push(name)
  }
}
const known = new Set(Object.keys(declared).map(inputVariable))
const leftOut = Object.keys(fromFile).filter(key => key.startsWith('INPUT_') && !known.has(key))

// The shell's environment passes through (a proxy, NODE_EXTRA_CA_CERTS), but inputs, state and
// the runner's files come only from here; .env's other variables (RUNNER_DEBUG,
// GITHUB_RUN_ATTEMPT…) win over the shell's.
const RUNNER_FILES = ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_STATE', 'GITHUB_ENV']
const base: NodeJS.ProcessEnv = { GITHUB_ACTIONS: 'true', GITHUB_RUN_ATTEMPT: '1' }
for (const [key, value] of Object.entries(process.env)) {
  if (/^(INPUT|STATE)_/.test(key) || RUNNER_FILES.includes(key)) continue
  base[key] = value
}
for (const [key, value] of Object.entries(fromFile))
  if (!key.startsWith('INPUT_') && value !== undefined) base[key] = value
Object.assign(base, inputs)
const debug = base.RUNNER_DEBUG === '1'

const bold = (text: string): string => (process.stdout.isTTY ? `\u001b[1m${text}\u001b[0m` : text)

console.log(`Inputs from ${envFile} for ${action.metadata}:`)
for (const [name] of Object.entries(declared)) {
  const value = inputs[inputVariable(name)]
  if (value === undefined) continue
  const shown = name === 'api-key' ? '***' : value.replace(/\n/g, '\\n')
  console.log(`  ${name}: ${shown}${defaulted.includes(name) ? '  (default)' : ''}`)
}
if (leftOut.length > 0)
  console.log(`  left out, not inputs of ${action.metadata}: ${leftOut.join(', ')}`)

interface StepRun {
  code: number | null
  signal: NodeJS.Signals | null
  log: string
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
}

/** The step that is running, for Ctrl-C to reach; and how many Ctrl-Cs it has had. */
let running: ReturnType<typeof spawn> | undefined
let interrupts = 0
let onHoldInterrupt: (() => void) | undefined
const ESCALATION: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGKILL']
const onSignal = (name: NodeJS.Signals): void => {
  if (onHoldInterrupt) return onHoldInterrupt()
  if (!running) process.exit(130)
  const signal = name === 'SIGTERM' ? 'SIGTERM' : ESCALATION[Math.min(interrupts++, 2)]!
  console.error(`\n(local: sent ${signal} to the step)`)
  running.kill(signal)
}
process.on('SIGINT', () => onSignal('SIGINT'))
process.on('SIGTERM', () => onSignal('SIGTERM'))

/** Runs one step with fresh runner files, showing its log as it comes. */
function runStep(script: string, state: Record<string, string>): Promise<StepRun> {
  const dir = mkdtempSync(join(tmpdir(), 'dialnexa-local-'))
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_STATE: join(dir, 'state')
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const env: NodeJS.ProcessEnv = { ...base, ...files }
  for (const [name, value] of Object.entries(state)) env[`STATE_${name}`] = value

  // Its own process group: a Ctrl-C reaches it only through onSignal, once, as from the runner.
  const child = spawn(ACTION_NODE, [script], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true
  })
  running = child
  interrupts = 0
  let log = ''
  let shownLines = 0
  // Counted as shown, so an empty rendering (only ::add-mask:: so far) must count as no line.
  const renderedLines = (text: string): string[] =>
    renderLikeRunner(text, { debug })
      .split('\n')
      .filter(line => line !== '')
  const show = (chunk: Buffer): void => {
    const text = chunk.toString()
    log += text
    if (values.raw) return void process.stdout.write(text)
    // Render the complete lines so far as the runner would, and print what is new.
    const complete = log.slice(0, log.lastIndexOf('\n') + 1)
    const lines = renderedLines(complete)
    for (const line of lines.slice(shownLines)) console.log(`  ${line}`)
    shownLines = Math.max(shownLines, lines.length)
  }
  child.stdout.on('data', show)
  child.stderr.on('data', show)
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      running = undefined
      if (!values.raw) {
        for (const line of renderedLines(log).slice(shownLines)) console.log(`  ${line}`)
      }
      const run: StepRun = {
        code,
        signal,
        log,
        outputs: parseOutputFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
        state: parseOutputFile(readFileSync(files.GITHUB_STATE, 'utf8')),
        summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')
      }
      rmSync(dir, { recursive: true, force: true })
      resolve(run)
    })
  })
}

/** The values the step masked, hidden wherever this prints them, as the runner hides them. */
function masker(log: string): (text: string) => string {
  const masks = runnerCommands(log)
    .filter(command => command.name === 'add-mask' && command.message !== '')
    .map(command => command.message)
  return text => masks.reduce((out, secret) => out.split(secret).join('***'), text)
}

function report(name: string, run: StepRun, hasPost: boolean): void {
  const mask = masker(run.log)
  const ended = run.signal ? `killed by ${run.signal}` : `exit code ${run.code}`
  const entries = (record: Record<string, string>): void => {
    for (const [key, value] of Object.entries(record)) {
      const [first, ...rest] = mask(value).split('\n')
      console.log(`  ${key} = ${first}`)
      for (const line of rest) console.log(`    ${line}`)
    }
  }
  console.log(bold(`\n${name}: ${ended}`))
  console.log(bold('outputs:'))
  if (Object.keys(run.outputs).length === 0) console.log('  (none)')
  entries(run.outputs)
  if (hasPost) {
    console.log(bold('state saved for the post step:'))
    if (Object.keys(run.state).length === 0) console.log('  (none)')
    entries(run.state)
  }
  console.log(bold('job summary:'))
  console.log(run.summary.trim() === '' ? '  (none)' : mask(renderSummary(run.summary)))
}

function hold(): Promise<void> {
  if (!values.hold) return Promise.resolve()
  console.log(bold('\nThe job’s other steps would run now. Press Enter for the post step.'))
  return new Promise(resolve => {
    const rl = createInterface({ input: process.stdin })
    const done = (): void => {
      onHoldInterrupt = undefined
      rl.close()
      resolve()
    }
    onHoldInterrupt = done
    rl.once('line', done)
    rl.once('close', done)
  })
}

let failed = false
let state: Record<string, string> = {}
for (const [index, step] of action.steps.entries()) {
  if (index > 0) await hold()
  console.log(bold(`\n━━ ${step.name} (${step.script})`))
  const post = action.steps[index + 1]
  const run = await runStep(step.script, state)
  report(step.name, run, post !== undefined)
  state = run.state
  failed ||= run.code !== 0
}
process.exit(failed ? 1 : 0)
