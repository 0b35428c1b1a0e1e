import { SIMULATOR_API_KEY } from '../../simulator/simulator.js'
import { ActionRun, annotations, runnerCommands, unescapeData } from '../../simulator/runner.js'

/** Checks shared by the end-to-end suites that run the bundle. */

export function log(result: ActionRun): string {
  return `${result.stdout}\n${result.stderr}`
}

export const errors = (result: ActionRun): string[] => annotations(result, 'error')
export const warnings = (result: ActionRun): string[] => annotations(result, 'warning')
export const notices = (result: ActionRun): string[] => annotations(result, 'notice')

/** The plain log lines a run printed, no workflow command among them: progress, retries, ends. */
export const infoLines = (result: ActionRun): string[] =>
  result.stdout.split(/\r?\n/).filter(line => line !== '' && !/^\s*::[\w-]+( [^:]*)?::/.test(line))

/** The debug log's lines, as a run with debug logging shows them. */
export const debugLines = (result: ActionRun): string[] =>
  runnerCommands(result.stdout)
    .filter(c => c.name === 'debug')
    .map(c => unescapeData(c.message))

/** Where a fixture sentence has a time in seconds ("1.5 s") that a run cannot fix in advance. */
export const SECONDS = '<seconds>'

/**
 * The times in `line`, if it is the fixture sentence `text` with a time at each SECONDS; else
 * undefined. `expect(timesIn(line, text)).toEqual([expect.any(Number)])` checks the words.
 */
export function timesIn(line: string | undefined, text: string): number[] | undefined {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const pattern = new RegExp(`^${escaped.split(SECONDS).join('(\\d+(?:\\.\\d+)?) s')}$`)
  return pattern
    .exec(line ?? '')
    ?.slice(1)
    .map(Number)
}

/** The key only ever appears in the runner's own mask command, and never in outputs or state. */
export function expectKeyOnlyMasked(result: ActionRun): void {
  const lines = log(result)
    .split('\n')
    .filter(line => line.includes(SIMULATOR_API_KEY))
  expect(lines).toEqual([`::add-mask::${SIMULATOR_API_KEY}`])
  expect(result.summary).not.toContain(SIMULATOR_API_KEY)
  expect(Object.values(result.outputs).join('\n')).not.toContain(SIMULATOR_API_KEY)
  expect(Object.values(result.state).join('\n')).not.toContain(SIMULATOR_API_KEY)
}

export function expectNoStackTrace(result: ActionRun): void {
  expect(log(result)).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
}

/** Only the commands the action means to send: server text never becomes another one. */
export function expectOnlyOwnCommands(result: ActionRun): void {
  const allowed = new Set([
    'add-mask',
    'debug',
    'notice',
    'warning',
    'error',
    'group',
    'endgroup',
    'stop-commands'
  ])
  const names = runnerCommands(log(result)).map(c => `${c.legacy ? 'legacy ' : ''}${c.name}`)
  expect(names.filter(name => !allowed.has(name))).toEqual([])
}
