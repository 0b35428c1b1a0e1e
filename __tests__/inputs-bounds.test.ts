import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { readActionMetadata } from '../scripts/action-metadata.js'
import { InputError, INPUTS, MAX_WORKFLOW_IDS, readInputs } from '../src/action/inputs.js'
import { inputError, INPUT } from './fixtures/messages.js'

/** Every duration input has an upper bound that fits a job, stated in action.yml. */

function read(overrides: Record<string, string>) {
  const inputs: Record<string, string> = { 'workflow-id': 'wfl_1', ...overrides }
  return readInputs('resume', name => inputs[name] ?? '')
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

/** The time inputs, their settings, and the bound each states. */
const TIME_INPUTS = {
  'poll-interval': {
    field: 'pollIntervalMs',
    maxSeconds: 3600,
    maxText: '1 hour',
    low: 'greater than 0'
  },
  'wait-timeout': {
    field: 'waitTimeoutMs',
    maxSeconds: 21_600,
    maxText: '6 hours',
    low: 'zero or more'
  },
  'request-timeout': {
    field: 'requestTimeoutMs',
    maxSeconds: 300,
    maxText: '5 minutes',
    low: 'greater than 0'
  }
} as const
type TimeInput = keyof typeof TIME_INPUTS
const timeInputs = Object.keys(TIME_INPUTS) as TimeInput[]
/** setTimeout fires at once for a longer delay. */
const MAX_TIMER_MS = 2 ** 31 - 1

describe('time inputs', () => {
  it('are every input read in ms', () => {
    const inMs = Object.entries(INPUTS)
      .filter(([setting]) => setting.endsWith('Ms'))
      .map(([, rule]) => rule.input)
    expect(inMs.sort()).toEqual([...timeInputs].sort())
  })

  it.each(timeInputs)('%s accepts its bound and reads it in ms', name => {
    const { field, maxSeconds } = TIME_INPUTS[name]
    expect(read({ [name]: String(maxSeconds) })[field]).toBe(maxSeconds * 1000)
  })

  it.each(
    timeInputs.flatMap(name => [
      [name, String(TIME_INPUTS[name].maxSeconds + 0.001)],
      [name, '2147484'],
      [name, '99999999999999999999']
    ])
  )('%s refuses %s up front, naming the input and the accepted form', (name, value) => {
    const { maxSeconds, maxText, low } = TIME_INPUTS[name as TimeInput]
    const error = inputErrorOf({ [name]: value })
    expect(error.input).toBe(name)
    expect(error.message).toBe(inputError(name, INPUT.seconds(low, maxSeconds, maxText, value)))
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
      inputError('workflow-id', INPUT.tooManyIds(10_000, MAX_WORKFLOW_IDS))
    )
  })

  it('counts repeats once', () => {
    const repeated = `${ids(MAX_WORKFLOW_IDS)}\n${ids(MAX_WORKFLOW_IDS)}`
    expect(read({ 'workflow-id': repeated }).workflowIds).toHaveLength(MAX_WORKFLOW_IDS)
  })

  it.each(actionFiles())('%s states the cap', path => {
    expect(readActionMetadata(path).inputs?.['workflow-id']?.description).toContain(
      `At most ${MAX_WORKFLOW_IDS} IDs per step`
    )
  })
})
