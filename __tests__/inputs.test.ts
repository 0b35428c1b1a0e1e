import { describeSettings, InputError, INPUTS, readInputs, Settings } from '../src/action/inputs.js'
import { quoteInput } from '../src/action/input-rules.js'
import { DEFAULTS } from '../src/action/defaults.js'
import { inputError, INPUT } from './fixtures/messages.js'

const valid: Record<string, string> = { 'workflow-id': 'wfl_m3v7zb9rk2px' }

function settingsWith(overrides: Record<string, string>, action: 'resume' | 'pause' = 'resume') {
  const inputs = { ...valid, ...overrides }
  return readInputs(action, name => inputs[name] ?? '')
}

function inputErrorOf(overrides: Record<string, string>): InputError {
  try {
    settingsWith(overrides)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('readInputs', () => {
  it('applies the defaults action.yml declares', () => {
    expect(settingsWith({})).toEqual({
      workflowIds: ['wfl_m3v7zb9rk2px'],
      apiUrl: 'https://api.dialnexa.com/v1',
      waitForPaused: false,
      pollIntervalMs: 10_000,
      waitTimeoutMs: 600_000,
      ignoreConflict: false,
      maxRetries: 3,
      requestTimeoutMs: 30_000,
      maxParallel: 4,
      autoResume: false,
      dryRun: false,
      alreadyPaused: 'leave',
      callingRules: undefined,
      timeZone: undefined,
      closedDates: [],
      outsideCallingHours: 'fail'
    })
  })

  it('returns a frozen object', () => {
    expect(Object.isFrozen(settingsWith({}))).toBe(true)
  })

  it('reads every input', () => {
    const s = settingsWith({
      'api-url': 'https://eu.api.dialnexa.com/v1/',
      'wait-for-paused': 'True',
      'poll-interval': '0.5',
      'wait-timeout': '0',
      'ignore-conflict': 'TRUE',
      'max-retries': '0',
      'request-timeout': '2.25',
      'max-parallel': '20'
    })
    expect(s).toMatchObject({
      apiUrl: 'https://eu.api.dialnexa.com/v1',
      waitForPaused: true,
      pollIntervalMs: 500,
      waitTimeoutMs: 0,
      ignoreConflict: true,
      maxRetries: 0,
      requestTimeoutMs: 2250,
      maxParallel: 20
    })
  })

  it("reads the pause action's inputs with their defaults, and auto-resume", () => {
    const pause = (more: Record<string, string>) =>
      settingsWith({ 'workflow-id': 'wfl_a,wfl_b', ...more }, 'pause')
    expect(pause({})).toEqual({
      workflowIds: ['wfl_a', 'wfl_b'],
      apiUrl: 'https://api.dialnexa.com/v1',
      waitForPaused: false,
      pollIntervalMs: 1000,
      waitTimeoutMs: 0,
      ignoreConflict: false,
      maxRetries: 3,
      requestTimeoutMs: 30_000,
      maxParallel: 4,
      autoResume: false,
      dryRun: false,
      alreadyPaused: 'leave',
      callingRules: undefined,
      timeZone: undefined,
      closedDates: [],
      outsideCallingHours: 'fail'
    })
    expect(pause({ 'auto-resume': 'True' }).autoResume).toBe(true)
    expect(() => pause({ 'auto-resume': 'yes' })).toThrow(
      new InputError('auto-resume', INPUT.boolean('yes'))
    )
  })

  it('never reads an input the action does not have', () => {
    const read: string[] = []
    const inputs: Record<string, string> = { ...valid, 'poll-interval': 'soon', 'auto-resume': 'x' }
    expect(() => readInputs('pause', name => (read.push(name), inputs[name] ?? ''))).toThrow(
      new InputError('auto-resume', INPUT.boolean('x'))
    )
    expect(() => readInputs('resume', name => (read.push(name), inputs[name] ?? ''))).toThrow(
      new InputError('poll-interval', INPUT.seconds('greater than 0', 3600, '1 hour', 'soon'))
    )
    delete inputs['poll-interval']
    expect(readInputs('resume', name => inputs[name] ?? '').autoResume).toBe(false)
    expect(read).not.toContain('api-key')
  })

  it.each(['wf_abc123', 'WFL-1', 'a', 'x'.repeat(128)])('accepts workflow-id %s', id => {
    expect(settingsWith({ 'workflow-id': id }).workflowIds).toEqual([id])
  })

  it('reads a list separated by newlines or commas, trimmed, without blanks or repeats', () => {
    expect(settingsWith({ 'workflow-id': 'wfl_a\n  wfl_b \n\nwfl_a\n' }).workflowIds).toEqual([
      'wfl_a',
      'wfl_b'
    ])
    expect(settingsWith({ 'workflow-id': 'wfl_a, wfl_b,,wfl_c ,' }).workflowIds).toEqual([
      'wfl_a',
      'wfl_b',
      'wfl_c'
    ])
    expect(settingsWith({ 'workflow-id': 'wfl_a,\nwfl_b' }).workflowIds).toEqual(['wfl_a', 'wfl_b'])
  })

  it('names the one bad ID in a list', () => {
    expect(inputErrorOf({ 'workflow-id': 'wfl_a\nwfl b\nwfl_c' })).toEqual(
      new InputError('workflow-id', INPUT.workflowIdForm('wfl b'))
    )
  })

  it('requires at least one ID', () => {
    expect(inputErrorOf({ 'workflow-id': ' ,\n, ' }).message).toBe(
      inputError('workflow-id', INPUT.workflowIdRequired)
    )
  })

  it.each(['0', '21', '2.5', 'four'])('rejects max-parallel %s', value => {
    expect(inputErrorOf({ 'max-parallel': value }).message).toBe(
      inputError('max-parallel', INPUT.wholeNumber(1, 20, value))
    )
  })

  it.each(['../api-keys', 'wfl/1', 'wfl%2F1', 'wfl 1', 'wfl\t1', 'x'.repeat(129), 'wfl_ä'])(
    'rejects workflow-id %j naming the input and the form',
    id => {
      const error = inputErrorOf({ 'workflow-id': id })
      expect(error.input).toBe('workflow-id')
      // The ID quoted back as the gate shows it: one line, at most 60 characters.
      expect(error.message).toBe(inputError('workflow-id', INPUT.workflowIdForm(quoteInput(id))))
    }
  )

  it.each([
    ['http://localhost:8080/v1', 'http://localhost:8080/v1'],
    ['http://127.0.0.1:3000/v1/', 'http://127.0.0.1:3000/v1'],
    ['http://127.12.0.9/', 'http://127.12.0.9'],
    ['https://api.dialnexa.com/v1//', 'https://api.dialnexa.com/v1']
  ])('accepts api-url %s', (url, expected) => {
    expect(settingsWith({ 'api-url': url }).apiUrl).toBe(expected)
  })

  it.each([
    ['http://api.dialnexa.com/v1', INPUT.apiUrlPlainHttp],
    ['http://10.0.0.5/v1', INPUT.apiUrlPlainHttp],
    ['http://localhost.evil.com/v1', INPUT.apiUrlPlainHttp],
    ['http://128.0.0.1/v1', INPUT.apiUrlPlainHttp],
    ['ftp://api.dialnexa.com', INPUT.apiUrl],
    ['api.dialnexa.com/v1', INPUT.apiUrl],
    ['not-a-url', INPUT.apiUrl],
    ['https://user:pass@api.dialnexa.com/v1', INPUT.apiUrlParts],
    ['https://api.dialnexa.com/v1?x=1', INPUT.apiUrlParts],
    ['https://api.dialnexa.com/v1?', INPUT.apiUrlParts],
    ['https://api.dialnexa.com/v1#', INPUT.apiUrlParts],
    ['https://api.dialnexa.com/v1/?#', INPUT.apiUrlParts],
    ['https://@api.dialnexa.com/v1', INPUT.apiUrlParts],
    ['https://:@api.dialnexa.com/v1', INPUT.apiUrlParts]
  ])('rejects api-url %s', (url, why) => {
    expect(inputErrorOf({ 'api-url': url })).toEqual(new InputError('api-url', why))
  })

  // A URL parser drops tabs and line breaks and encodes spaces, so each of these would be sent
  // as another address than the one written: two URLs run together, a host joined up.
  it.each([
    'https://api.dialnexa.com/v1\nhttps://eu.api.dialnexa.com/v1',
    'https://api.dialnexa.com/v1\r\nx',
    'https://api.dia\tlnexa.com/v1',
    'https://api.dialnexa.com/v 1',
    'not a url',
    'https://api.dialnexa.com/v1\u0000'
  ])('rejects api-url %j, with a space, tab, line break or control character inside', url => {
    expect(inputErrorOf({ 'api-url': url }).message).toBe(inputError('api-url', INPUT.apiUrlSpaces))
  })

  it.each(['http://[::1]:9000/v1', 'https://[2001:db8::1]/v1', 'http://[::ffff:127.0.0.1]/v1'])(
    'refuses the IPv6 api-url %s up front, saying what to use instead',
    url => {
      expect(inputErrorOf({ 'api-url': url })).toEqual(new InputError('api-url', INPUT.apiUrlIpv6))
    }
  )

  it.each(['yes', '1', 'on', 'tRue'])('rejects boolean %s like getBooleanInput', value => {
    for (const name of ['wait-for-paused', 'ignore-conflict']) {
      expect(inputErrorOf({ [name]: value }).message).toBe(inputError(name, INPUT.boolean(value)))
    }
  })

  it.each(['0', '-1', 'abc', 'NaN', 'Infinity', '1e3', '10s', '1..2'])(
    'rejects poll-interval %j',
    value => {
      expect(inputErrorOf({ 'poll-interval': value }).message).toBe(
        inputError('poll-interval', INPUT.seconds('greater than 0', 3600, '1 hour', value))
      )
    }
  )

  it('accepts wait-timeout 0 but not a negative one', () => {
    expect(settingsWith({ 'wait-timeout': '0' }).waitTimeoutMs).toBe(0)
    expect(inputErrorOf({ 'wait-timeout': '-5' }).message).toBe(
      inputError('wait-timeout', INPUT.seconds('zero or more', 21_600, '6 hours', '-5'))
    )
  })

  it('rejects request-timeout 0', () => {
    expect(inputErrorOf({ 'request-timeout': '0' }).input).toBe('request-timeout')
  })

  it.each(['1.5', '-1', '11', 'three'])('rejects max-retries %s', value => {
    expect(inputErrorOf({ 'max-retries': value }).message).toBe(
      inputError('max-retries', INPUT.wholeNumber(0, 10, value))
    )
  })

  it('treats empty and blank inputs as their defaults', () => {
    const empty = Object.fromEntries(Object.keys(DEFAULTS).map(name => [name, '']))
    expect(settingsWith(empty).pollIntervalMs).toBe(10_000)
    expect(settingsWith({ 'poll-interval': '  ', 'max-retries': '\n' })).toMatchObject({
      pollIntervalMs: 10_000,
      maxRetries: 3
    })
  })

  it('quotes a bad value clipped to one short line', () => {
    const error = inputErrorOf({ 'poll-interval': `${'x'.repeat(500)}\n::error::` })
    expect(error.message).toBe(
      inputError(
        'poll-interval',
        INPUT.seconds('greater than 0', 3600, '1 hour', `${'x'.repeat(40)}…`)
      )
    )
  })
})

describe('INPUTS', () => {
  it('has one rule per setting, each naming an input action.yml declares', () => {
    const declared = new Set(Object.keys(DEFAULTS))
    for (const rule of Object.values(INPUTS)) {
      if (rule.input !== 'workflow-id') expect(declared).toContain(rule.input)
    }
    expect(Object.keys(INPUTS).sort()).toEqual(Object.keys(settingsWith({})).sort())
  })
})

describe('describeSettings', () => {
  const key = 'dnx_live_abcdefghijklmnop'
  const settings: Settings = settingsWith({
    'workflow-id': 'wfl_a, wfl_b',
    'api-key': key,
    'wait-for-paused': 'true',
    'poll-interval': '2.5',
    'max-parallel': '2'
  })

  it('names every input of the action as the user wrote it, with units, in one line', () => {
    expect(describeSettings('resume', settings)).toBe(
      'Settings: workflow-id=wfl_a,wfl_b api-url=https://api.dialnexa.com/v1 ' +
        'wait-for-paused=true poll-interval=2500ms wait-timeout=600000ms ignore-conflict=false ' +
        'max-retries=3 request-timeout=30000ms max-parallel=2 dry-run=false calling-hours= ' +
        'time-zone= closed-dates= outside-calling-hours=fail'
    )
  })

  it("names the pause action's inputs, and only those", () => {
    expect(describeSettings('pause', settingsWith({ 'workflow-id': 'w' }, 'pause'))).toBe(
      'Settings: workflow-id=w api-url=https://api.dialnexa.com/v1 ignore-conflict=false max-retries=3 request-timeout=30000ms max-parallel=4 auto-resume=false ' +
        'dry-run=false already-paused=leave calling-hours= time-zone= closed-dates= outside-calling-hours=fail'
    )
  })

  it('never includes the key, under any name', () => {
    for (const action of ['resume', 'pause'] as const) {
      const line = describeSettings(action, settings)
      expect(line).not.toContain(key)
      expect(line).not.toContain('api-key')
    }
  })
})
