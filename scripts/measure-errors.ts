import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * The length of every error line the end-to-end suites make the bundle print: the median and
 * the longest, in words (server text and workflow names count). The goal: median at most 25,
 * none over 45. `npm run measure:errors`; `-- --list` prints every line past 30 words.
 */

const file = join(mkdtempSync(join(tmpdir(), 'dialnexa-errors-')), 'errors.txt')
writeFileSync(file, '')
const run = spawnSync('npx', ['jest', '--silent', 'e2e'], {
  env: { ...process.env, ERROR_LINES_FILE: file, NODE_OPTIONS: '--experimental-vm-modules' },
  stdio: ['ignore', 'ignore', 'inherit']
})
const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean)
const words = (line: string): number => line.split(/\s+/).filter(Boolean).length
const counts = lines.map(words).sort((a, b) => a - b)
const median = counts.length === 0 ? 0 : counts[Math.floor((counts.length - 1) / 2)]!
// A list of workflow IDs is whole on purpose (each is one to act on): counted as one word too.
const idLists = (line: string): string => line.replace(/\b[\w-]+(?:, [\w-]+){3,}/g, 'IDS')
const longestWithoutLists = Math.max(0, ...lines.map(line => words(idLists(line))))
console.log(
  `${lines.length} error lines: median ${median} words, longest ${counts.at(-1) ?? 0} ` +
    `(${longestWithoutLists} with each list of workflow IDs counted as one word)`
)
if (process.argv.includes('--list'))
  for (const line of lines.filter(l => words(l) > 30)) console.log(`${words(line)}: ${line}`)
process.exit(run.status === 0 ? 0 : 1)
