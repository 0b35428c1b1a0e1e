import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { readActionMetadata } from '../scripts/action-metadata.js'
import {
  InputError,
  MAX_TIMER_MS,
  MAX_WORKFLOW_IDS,
  TIME_INPUTS,
  TimeInput
} from '../src/action/inputs.js'
import { readSettings } from '../src/action/settings.js'

/** Every duration input has an upper bound that fits a job, stated in action.yml. */

const valid = { 'workflow-id': 'wfl_1', 'api-key': 'dnx_test_key_0123456789' }

function read(overrides: Record<string, string>) {
  const inputs: Record<string, string> = { ...valid, ...overrides }
  return readSettings(name => inputs[name] ?? '')
}

function inputErrorOf(overrides: Record<string, string>): InputError {
  try {
    read(overrides)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

/** The action and any action beside it (such as a pause entry point in a folder of its own). */
function actionFiles(): string[] {
  const nested = readdirSync('.', { withFileTypes: true })
    .filter(entry => entry.isDirectory() && !['node_modules', '.git'].includes(entry.name))
    .map(entry => join(entry.name, 'action.yml'))
    .filter(path => existsSync(path))
  return ['action.yml', ...nested]
}

const timeInputs = Object.keys(TIME_INPUTS) as TimeInput[]
const field: Record<TimeInput, 'pollIntervalMs' | 'waitTimeoutMs' | 'requestTimeoutMs'> = {
  'poll-interval': 'pollIntervalMs',
  'wait-timeout': 'waitTimeoutMs',
  'request-timeout': 'requestTimeoutMs'
}

describe('time inputs', () => {
  it.each(timeInputs)('%s accepts its bound and reads it in ms', name => {
    const { maxSeconds } = TIME_INPUTS[name]
    expect(read({ [name]: String(maxSeconds) })[field[name]]).toBe(maxSeconds * 1000)
  })

  it.each(
    timeInputs.flatMap(name => [
      [name, String(TIME_INPUTS[name].maxSeconds + 0.001)],
      [name, '2147484'],
      [name, '99999999999999999999']
    ])
  )('%s refuses %s up front, naming the input and the accepted form', (name, value) => {
    const error = inputErrorOf({ [name]: value })
    expect(error.input).toBe(name)
    const { maxSeconds, maxText } = TIME_INPUTS[name as TimeInput]
    expect(error.message).toMatch(new RegExp(`^Input '${name}' must be a number of seconds`))
    expect(error.message).toContain(`at most ${maxSeconds} (${maxText})`)
  })

  it.each(timeInputs)('%s has a bound that fits a 6-hour job and a timer', name => {
    const maxMs = TIME_INPUTS[name].maxSeconds * 1000
    expect(maxMs).toBeLessThanOrEqual(6 * 3600 * 1000)
    expect(maxMs).toBeLessThan(MAX_TIMER_MS)
  })

  it('action.yml states the bound of every time input it has', () => {
    const inputs = readActionMetadata().inputs ?? {}
    for (const name of timeInputs) {
      const { maxSeconds, maxText } = TIME_INPUTS[name]
      expect(inputs[name]?.description).toContain(`${maxSeconds} (${maxText})`)
    }
  })

  it.each(actionFiles())('%s has no input in seconds without a bound', path => {
    const inputs = readActionMetadata(path).inputs ?? {}
    const inSeconds = Object.entries(inputs)
      .filter(([, input]) => /\bseconds\b/i.test(input.description ?? ''))
      .map(([name]) => name)
    for (const name of inSeconds) {
      expect(timeInputs).toContain(name)
      const { maxSeconds, maxText } = TIME_INPUTS[name as TimeInput]
      expect(inputs[name]?.description).toContain(`${maxSeconds} (${maxText})`)
    }
  })
})

describe('the number of workflow IDs', () => {
  const ids = (count: number) => Array.from({ length: count }, (_, i) => `wfl_${i}`).join('\n')

  it(`accepts ${MAX_WORKFLOW_IDS} IDs`, () => {
    expect(read({ 'workflow-id': ids(MAX_WORKFLOW_IDS) }).workflowIds).toHaveLength(
      MAX_WORKFLOW_IDS
    )
  })

  it('refuses more, pointing to matrix jobs', () => {
    const error = inputErrorOf({ 'workflow-id': ids(10_000) })
    expect(error.input).toBe('workflow-id')
    expect(error.message).toBe(
      `Input 'workflow-id' lists 10000 workflow IDs; one step takes at most ${MAX_WORKFLOW_IDS}. ` +
        `Split the list across matrix jobs, ${MAX_WORKFLOW_IDS} or fewer IDs per job (see "Many workflows" in the README).`
    )
  })

  it('counts repeats once', () => {
    const repeated = `${ids(MAX_WORKFLOW_IDS)}\n${ids(MAX_WORKFLOW_IDS)}`
    expect(read({ 'workflow-id': repeated }).workflowIds).toHaveLength(MAX_WORKFLOW_IDS)
  })

  it('action.yml states the cap', () => {
    expect(readActionMetadata().inputs?.['workflow-id']?.description).toContain(
      `At most ${MAX_WORKFLOW_IDS} IDs per step`
    )
  })
})
