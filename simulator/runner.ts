import { spawn } from 'node:child_process'
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The Node that runs the bundle: Node 24, the runtime `runs.using: node24` gives users, from the
 * `node` devDependency that `npm ci` installs, whatever Node runs the tests themselves.
 * ACTION_NODE names another binary, to try the bundle on another version.
 */
export const ACTION_NODE =
  process.env.ACTION_NODE ||
  fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url))

export interface ActionRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  /** What the step saved with core.saveState, for its post step. */
  state: Record<string, string>
  summary: string
  durationMs: number
}

export interface RunOptions {
  /** Called with the child once it is running, e.g. to send it a signal. */
  onSpawn?: (child: ReturnType<typeof spawn>) => void
  timeoutMs?: number
  /** Sets RUNNER_DEBUG=1, as a re-run with debug logging does; default true. */
  debug?: boolean
  /** Which script to run; default dist/index.js. */
  script?: string
  /**
   * More environment, as a runner's job could set it: a proxy, NODE_EXTRA_CA_CERTS, or a
   * GITHUB_OUTPUT that cannot be written.
   */
  env?: Record<string, string>
  /** State a main step saved: a post step gets it as STATE_<name>, as the runner hands it on. */
  state?: Record<string, string>
  /** Node options before the script, e.g. `--import` of a probe. */
  nodeArgs?: string[]
}

/** Runs the bundled action exactly as the runner does: `node dist/index.js` with INPUT_* env. */
export function runAction(
  inputs: Record<string, string>,
  options: RunOptions = {}
): Promise<ActionRun> {
  if (!existsSync(ACTION_NODE))
    throw new Error(`${ACTION_NODE} is missing: run \`npm ci\` (the \`node\` devDependency).`)
  const dir = mkdtempSync(join(tmpdir(), 'dialnexa-e2e-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  const stateFile = join(dir, 'state')
  for (const file of [outputFile, summaryFile, stateFile]) writeFileSync(file, '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_STATE: stateFile,
    ...(options.debug !== false && { RUNNER_DEBUG: '1' }),
    ...options.env
  }
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value
  // The runner keeps dashes in input names: workflow-id -> INPUT_WORKFLOW-ID.
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(
      ACTION_NODE,
      [...(options.nodeArgs ?? []), options.script ?? 'dist/index.js'],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(killer)
      const run: ActionRun = {
        code,
        signal,
        stdout,
        stderr,
        outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
        // GITHUB_STATE uses the same name<<delimiter blocks as GITHUB_OUTPUT.
        state: parseOutputFile(readFileSync(stateFile, 'utf8')),
        summary: readFileSync(summaryFile, 'utf8'),
        durationMs: Date.now() - started
      }
      rmSync(dir, { recursive: true, force: true })
      // For `npm run measure:errors`: every error line a run printed, one per line.
      if (process.env.ERROR_LINES_FILE) {
        const lines = annotations(run, 'error').map(unescapeData)
        if (lines.length > 0) appendFileSync(process.env.ERROR_LINES_FILE, `${lines.join('\n')}\n`)
      }
      resolve(run)
    })
    options.onSpawn?.(child)
  })
}

/**
 * Resolves once the running child has printed `text`, e.g. the warning that shows it took a
 * signal: a test's cue to act after that point, however long a busy machine makes it take.
 */
export function whenPrinted(child: ReturnType<typeof spawn>, text: string): Promise<void> {
  return new Promise(resolve => {
    let printed = ''
    const onData = (chunk: Buffer): void => {
      printed += chunk.toString()
      if (!printed.includes(text)) return
      child.stdout?.off('data', onData)
      resolve()
    }
    child.stdout?.on('data', onData)
  })
}

/**
 * Runs a step with a post step as the runner does: `main`, then, after the steps in between
 * (`between`, e.g. a failing deploy), `post` with the same inputs and main's saved state.
 */
export async function runWithPost(
  inputs: Record<string, string>,
  scripts: { main: string; post: string },
  options: RunOptions & {
    between?: () => Promise<void> | void
    postInputs?: Record<string, string>
  } = {}
): Promise<{ main: ActionRun; post: ActionRun }> {
  const { between, postInputs, ...runOptions } = options
  const main = await runAction(inputs, { ...runOptions, script: scripts.main })
  await between?.()
  const post = await runAction(postInputs ?? inputs, {
    ...runOptions,
    script: scripts.post,
    state: main.state
  })
  return { main, post }
}

/** Reads the `name<<delimiter` blocks @actions/core writes to GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const header = /^([^<]+)<<(.+)$/.exec(lines[i]!)
    if (!header) continue
    const [, name, delimiter] = header
    const value: string[] = []
    while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]!)
    outputs[name!] = value.join('\n')
  }
  return outputs
}

export interface RunnerCommand {
  name: string
  message: string
  legacy: boolean
}

/**
 * Reads a log the way the runner does: `::name ...::message` at the start of a line, the
 * legacy `##[name ...]message` anywhere else, and nothing between stop-commands and its token.
 */
export function runnerCommands(log: string): RunnerCommand[] {
  const commands: RunnerCommand[] = []
  let stopToken: string | undefined
  for (const line of log.split(/\r?\n/)) {
    if (stopToken !== undefined) {
      if (line.trim() === `::${stopToken}::`) stopToken = undefined
      continue
    }
    const command = /^\s*::([A-Za-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
    if (command) {
      const [, name, message] = command
      if (name === 'stop-commands') stopToken = message
      commands.push({ name: name!, message: message!, legacy: false })
      continue
    }
    const legacy = /##\[([A-Za-z-]+)[^\]]*\](.*)/.exec(line)
    if (legacy) commands.push({ name: legacy[1]!, message: legacy[2]!, legacy: true })
  }
  return commands
}

/** Shows a log roughly as the Actions UI would: commands applied, masked values hidden. */
export function renderLikeRunner(log: string, options: { debug?: boolean } = {}): string {
  const masks: string[] = []
  const shown: string[] = []
  let stopToken: string | undefined
  for (const line of log.split(/\r?\n/)) {
    if (line === '') continue
    if (stopToken !== undefined) {
      if (line.trim() === `::${stopToken}::`) stopToken = undefined
      else shown.push(mask(line, masks))
      continue
    }
    const command = /^\s*::([A-Za-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
    if (!command) {
      shown.push(mask(line, masks))
      continue
    }
    const [, name, message = ''] = command
    const text = mask(unescapeData(message), masks)
    if (name === 'add-mask') masks.push(message)
    else if (name === 'stop-commands') stopToken = message
    else if (name === 'group') shown.push(`▼ ${text}`)
    else if (name === 'endgroup') shown.push('▲')
    else if (name === 'warning') shown.push(`Warning: ${text}`)
    else if (name === 'error') shown.push(`Error: ${text}`)
    else if (name === 'notice') shown.push(`Notice: ${text}`)
    else if (name === 'debug' && options.debug) shown.push(`##[debug]${text}`)
  }
  return shown.join('\n')
}

function mask(text: string, masks: string[]): string {
  return masks.reduce((out, secret) => out.split(secret).join('***'), text)
}

/** Undoes the escaping @actions/core applies to a command's data. */
export function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

/** Turns the HTML job summary into aligned plain text for a terminal. */
export function renderSummary(html: string): string {
  const decode = (text: string): string =>
    text
      .replace(/<[^>]+>/g, '')
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
      .replace(/&amp;/g, '&')
  const heading = /<h\d>(.*?)<\/h\d>/.exec(html)?.[1]
  const rows = [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map(([, row]) =>
    [...row!.matchAll(/<t[hd]>(.*?)<\/t[hd]>/g)].map(([, cell]) => decode(cell!))
  )
  const columns = Math.max(0, ...rows.map(row => row.length))
  // A field/value table reads best without its header row; a wider table needs it.
  const shown = columns > 2 ? rows : rows.slice(1)
  const widths = [...Array(columns).keys()].map(i =>
    Math.max(...shown.map(row => row[i]?.length ?? 0))
  )
  const lines = shown.map(
    row =>
      `  ${row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i]!) : cell)).join('  ')}`
  )
  const paragraphs = [...html.matchAll(/<p>(.*?)<\/p>/g)].map(([, text]) => `  ${decode(text!)}`)
  return [heading ? decode(heading) : '', ...lines, ...paragraphs].filter(Boolean).join('\n')
}

/** The messages of one kind of annotation (`error`, `warning`, …) a run emitted. */
export function annotations(result: ActionRun, kind: 'error' | 'warning' | 'notice'): string[] {
  return runnerCommands(`${result.stdout}\n${result.stderr}`)
    .filter(c => c.name === kind)
    .map(c => c.message)
}
