import { readFileSync, writeFileSync } from 'node:fs'
import { format, resolveConfig } from 'prettier'
import { ACTIONS, ActionMetadata, readActionMetadata } from './action-metadata.js'

/**
 * Writes the README's inputs and outputs tables from each action.yml, so they never drift.
 * The resume action's go in the `inputs`/`outputs` blocks, the pause action's in `pause-…`.
 * `--check` only compares, and fails when the README is stale (used by CI).
 */

const README = 'README.md'

export function inputsTable(action: ActionMetadata): string {
  const rows = Object.entries(action.inputs ?? {}).map(([name, input]) => {
    const fallback = input.required
      ? '**required**'
      : input.default === undefined
        ? ''
        : `\`${input.default}\``
    return `| \`${name}\` | ${fallback} | ${cell(input.description)} |`
  })
  return ['| input | default | description |', '| --- | --- | --- |', ...rows].join('\n')
}

export function outputsTable(action: ActionMetadata): string {
  const rows = Object.entries(action.outputs ?? {}).map(
    ([name, output]) => `| \`${name}\` | ${cell(output.description)} |`
  )
  return ['| output | description |', '| --- | --- |', ...rows].join('\n')
}

function cell(text: string | undefined): string {
  return (text ?? '')
    .trim()
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
}

export function renderReadme(readme: string, action: ActionMetadata, blockPrefix = ''): string {
  return replaceBlock(
    replaceBlock(readme, `${blockPrefix}inputs`, inputsTable(action)),
    `${blockPrefix}outputs`,
    outputsTable(action)
  )
}

function replaceBlock(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`
  const end = `<!-- ${name}:end -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from) throw new Error(`${README} has no ${start} … ${end} block.`)
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`
}

/** The inputs' defaults as the code reads them: generated, so action.yml stays their one home. */
const DEFAULTS_FILE = 'src/action/defaults.ts'
function defaultsModule(): string {
  // One line per input: its default in each action that has one.
  const defaults: Record<string, Record<string, string>> = {}
  const paths = { resume: 'action.yml', pause: 'pause/action.yml' }
  for (const [action, path] of Object.entries(paths)) {
    for (const [name, input] of Object.entries(readActionMetadata(path).inputs ?? {})) {
      if (input.default !== undefined) (defaults[name] ??= {})[action] = input.default
    }
  }
  const type = 'Record<string, { resume?: string; pause?: string }>'
  return `// Generated from action.yml and pause/action.yml by \`npm run docs\`; do not edit.\nexport const DEFAULTS: ${type} = ${JSON.stringify(defaults)}\n`
}

const check = process.argv.includes('--check')
const current = readFileSync(README, 'utf8')
// Formatted as Prettier would, so `prettier --check` and this check agree.
const filled = ACTIONS.reduce(
  (text, { path, blockPrefix }) => renderReadme(text, readActionMetadata(path), blockPrefix),
  current
)
const rendered = await format(filled, {
  ...(await resolveConfig(README)),
  filepath: README
})
const defaults = await format(defaultsModule(), {
  ...(await resolveConfig(DEFAULTS_FILE)),
  filepath: DEFAULTS_FILE
})
if (check) {
  if (readFileSync(DEFAULTS_FILE, 'utf8') !== defaults) {
    console.error(`${DEFAULTS_FILE} is out of date with the action.yml files: run 'npm run docs'.`)
    process.exit(1)
  }
  if (rendered !== current) {
    console.error(
      `${README} is out of date with the action.yml files: run 'npm run docs' and commit it.`
    )
    process.exit(1)
  }
  console.log(`${README} tables match the action.yml files.`)
} else {
  writeFileSync(DEFAULTS_FILE, defaults)
  writeFileSync(README, rendered)
  console.log(`${README} tables written from the action.yml files.`)
}
