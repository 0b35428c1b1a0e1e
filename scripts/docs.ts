import { readFileSync, writeFileSync } from 'node:fs'
import { format, resolveConfig } from 'prettier'
import { ActionMetadata, readActionMetadata } from './action-metadata.js'

/**
 * Writes the README's inputs and outputs tables from action.yml, so the two never drift.
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

export function renderReadme(readme: string, action: ActionMetadata): string {
  return replaceBlock(
    replaceBlock(readme, 'inputs', inputsTable(action)),
    'outputs',
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

const check = process.argv.includes('--check')
const current = readFileSync(README, 'utf8')
// Formatted as Prettier would, so `prettier --check` and this check agree.
const rendered = await format(renderReadme(current, readActionMetadata()), {
  ...(await resolveConfig(README)),
  filepath: README
})
if (check) {
  if (rendered !== current) {
    console.error(`${README} is out of date with action.yml: run 'npm run docs' and commit it.`)
    process.exit(1)
  }
  console.log(`${README} tables match action.yml.`)
} else {
  writeFileSync(README, rendered)
  console.log(`${README} tables written from action.yml.`)
}
