import { DialNexaSimulator } from '../simulator/simulator.js'
import { ActionRun, annotations, runAction, unescapeData } from '../simulator/runner.js'
import { summaryRow } from './helpers/summary.js'
import {
  answered,
  BODY,
  CHANGED,
  CONFLICT,
  invalidResponse,
  pending,
  quoted,
  WAIT_TIMEOUT
} from './fixtures/messages.js'

/**
 * End-to-end: whatever the server says, and however it echoes the key, nothing of the key and
 * nothing unbounded or invisible reaches the log, an annotation, an output or the summary.
 */

// A key with characters that URL-encoding and base64 change, in the `<key-id>:<secret>` shape.
const KEY = 'kid_0123456789:s3cr3t/Value+9'
const base64 = (text: string): string => Buffer.from(text).toString('base64')
const KEY_FORMS = [
  KEY,
  encodeURIComponent(KEY),
  encodeURIComponent(KEY).replace(/%[0-9A-F]{2}/g, hex => hex.toLowerCase()),
  new URLSearchParams({ k: KEY }).toString().slice(2),
  base64(KEY),
  base64(`Bearer ${KEY}`)
]
const MAX_LINE = 4000

let sim: DialNexaSimulator
let url: string

beforeEach(async () => {
  sim = new DialNexaSimulator({
    apiKeys: [KEY],
    workflows: [{ id: 'wfl_1', name: 'One', status: 'paused', enrolled_leads: 3 }]
  })
  url = await sim.start()
})
afterEach(() => sim.stop())

const run = (inputs: Record<string, string>): Promise<ActionRun> =>
  runAction({ 'api-key': KEY, 'api-url': url, 'workflow-id': 'wfl_1', ...inputs })

/** Everything a person or a later step can read, with the runner's own mask commands left out. */
function everythingShown(result: ActionRun): string[] {
  const lines = `${result.stdout}\n${result.stderr}`
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
  return [...lines, ...Object.values(result.outputs), result.summary]
}

function expectGated(result: ActionRun): void {
  for (const text of everythingShown(result)) {
    // Invisible characters are removed before looking, as a reader's eye would skip them.
    const visible = text.replace(/[\p{Cf}]/gu, '')
    for (const form of KEY_FORMS) expect(visible).not.toContain(form)
    // No escape, bell or other control character, and no zero-width or bidi mark.
    expect(text.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}]/u)
  }
  for (const line of `${result.stdout}\n${result.stderr}`.split('\n')) {
    expect(line.length).toBeLessThanOrEqual(MAX_LINE)
  }
  for (const value of Object.values(result.outputs)) {
    expect(value.length).toBeLessThanOrEqual(MAX_LINE)
  }
  expect(result.summary.length).toBeLessThanOrEqual(3 * MAX_LINE)
}

describe('the one gate for server text, end to end', () => {
  it('masks every form of the key before anything else is printed', async () => {
    const result = await run({})
    expect(result.code).toBe(0)
    const masks = result.stdout.split('\n').filter(line => line.startsWith('::add-mask::'))
    expect(masks.map(line => unescapeData(line.slice('::add-mask::'.length)))).toEqual(
      expect.arrayContaining(KEY_FORMS)
    )
    expect(result.stdout.startsWith(masks.join('\n'))).toBe(true)
    expectGated(result)
  })

  it('redacts a 401 message that echoes the key URL-encoded', async () => {
    sim.injectFault({
      action: 'resume',
      fault: {
        type: 'error',
        status: 401,
        message: `Invalid key ${encodeURIComponent(KEY)} (as sent: ${encodeURIComponent(KEY).toLowerCase()})`
      }
    })
    const result = await run({})
    expect(result.code).toBe(1)
    const cause = answered(401, quoted('Invalid key *** (as sent: ***)'))
    expect(annotations(result, 'error')[0]).toContain(cause)
    expect(JSON.parse(result.outputs.results!)[0].error).toContain(cause)
    // The summary gives the cause, the server's words redacted there too.
    expect(summaryRow(result.summary, 'wfl_1').Reason).toBe(cause)
    expectGated(result)
  })

  it('redacts a 403 message that echoes the key and its header in base64', async () => {
    sim.injectFault({
      action: 'resume',
      fault: {
        type: 'error',
        status: 403,
        message: [`key ${base64(KEY)} is read-only`, `header ${base64(`Bearer ${KEY}`)}`]
      }
    })
    const result = await run({})
    expect(result.code).toBe(1)
    expect(annotations(result, 'error')[0]).toContain('key *** is read-only; header ***')
    expectGated(result)
  })

  it('redacts a key echoed in another case, JSON-escaped or wrapped', async () => {
    const echoes = [
      KEY.toUpperCase(),
      KEY.replace(/\//g, '\\/'),
      `${KEY.slice(0, 12)}\n${KEY.slice(12)}`,
      [...KEY].map(c => `&#${c.charCodeAt(0)};`).join('')
    ]
    sim.injectFault({
      action: 'resume',
      fault: { type: 'error', status: 401, message: echoes.map(echo => `[${echo}]`) }
    })
    const result = await run({})
    expect(result.code).toBe(1)
    expect(annotations(result, 'error')[0]).toContain(
      answered(401, quoted('[***]; [***]; [***]; [***]'))
    )
    for (const text of everythingShown(result)) {
      for (const echo of echoes) expect(text).not.toContain(echo.replace('\n', ' '))
    }
    expectGated(result)
  })

  it('redacts and masks the secret of a <key-id>:<secret> key echoed on its own', async () => {
    const [id, secret] = KEY.split(':') as [string, string]
    sim.injectFault({
      action: 'resume',
      fault: {
        type: 'error',
        status: 401,
        message: [`secret ${secret} does not match key id ${id}`, `(${base64(secret)})`]
      }
    })
    const result = await run({})
    expect(result.code).toBe(1)
    expect(annotations(result, 'error')[0]).toContain(
      answered(401, quoted(`secret *** does not match key id ${id}; (***)`))
    )
    const masks = result.stdout.split('\n').filter(line => line.startsWith('::add-mask::'))
    expect(masks.map(line => unescapeData(line.slice('::add-mask::'.length)))).toEqual(
      expect.arrayContaining([secret, encodeURIComponent(secret), base64(secret)])
    )
    for (const text of everythingShown(result)) {
      expect(text).not.toContain(secret)
      expect(text).not.toContain(base64(secret))
    }
    expectGated(result)
  })

  it('acts on the status it shows: "paused" with a hidden character is paused', async () => {
    sim.injectFault({
      action: 'get',
      times: 100,
      fault: { type: 'raw', status: 200, body: '{"id":"wfl_1","status":"paused\\u200b\\n"}' }
    })
    const result = await run({
      'wait-for-paused': 'true',
      'poll-interval': '0.1',
      'wait-timeout': '1'
    })
    expect(annotations(result, 'error')).toEqual([])
    // The first read already shows it paused, so it is resumed with no wait.
    expect(summaryRow(result.summary, 'wfl_1').Status).toBe('paused → active')
    expect(result.outputs).toMatchObject({ resumed: 'true', status: 'active' })
    expect(sim.requestsFor('resume')).toHaveLength(1)
  })

  it('does not report a resume whose answer has a status that shows as nothing', async () => {
    sim.injectFault({
      action: 'resume',
      fault: { type: 'raw', status: 200, body: '{"id":"wfl_1","status":" \\u200b "}' }
    })
    const result = await run({ 'max-retries': '0' })
    expect(result.code).toBe(1)
    // No record: the workflow is read back, and the read says what happened.
    expect(annotations(result, 'error')).toEqual([
      pending('resume', 'workflow wfl_1', 200, 'paused', invalidResponse(200, BODY.noStatus).cause)
    ])
    expect(result.outputs.resumed).toBe('false')
    expectGated(result)
  })

  it('gates a wait timeout whose status is huge, coloured and holds the key', async () => {
    sim.addWorkflow({
      id: 'wfl_1',
      status: `\u001b[31m${KEY}\u001b[0m ${'x'.repeat(1_000_000)}`
    })
    const result = await run({
      'wait-for-paused': 'true',
      'poll-interval': '0.1',
      'wait-timeout': '0.3'
    })
    expect(result.code).toBe(1)
    const [error] = annotations(result, 'error')
    // A megabyte answer can be slow enough on a busy machine for the deadline to cut the last
    // read, so either ending of the wait may come; the words and the gating are the same. The
    // status: redacted, without its colours, and clipped to 40 characters.
    const status = `*** ${'x'.repeat(36)}…`
    // Bounded fragment by fragment, so the advice at the end survives.
    expect(error).toBe(
      `${WAIT_TIMEOUT.line('resume', 'workflow wfl_1', '0.3 s', status)} ${WAIT_TIMEOUT.raise}`
    )
    expect(JSON.parse(result.outputs.results!)[0].error).toBe(error)
    expect(sim.requestsFor('resume')).toEqual([])
    expectGated(result)
  })

  it('shows a name made only of invisible characters as no name, in every output', async () => {
    const invisible = '\u200b\u2060\u001b[0m \u202e'
    sim.addWorkflow({ id: 'wfl_2', name: invisible, status: 'active' })
    sim.addWorkflow({ id: 'wfl_3', name: invisible, status: 'paused' })
    const several = await run({ 'workflow-id': 'wfl_1,wfl_2' })
    expect(several.code).toBe(1)
    // The annotation's title is the ID alone, never "Workflow wfl_2 ()".
    expect(several.stdout).toContain(
      `\n::error title=Workflow wfl_2::${CONFLICT.notAccepted('resume', 'the workflow', 'active')} `
    )
    expect(summaryRow(several.summary, 'wfl_2').Workflow).toBe('wfl_2')
    expect(several.outputs['workflow-name']).toBe('One')
    expect(JSON.parse(several.outputs.results!)[1]['workflow-name']).toBeNull()
    const one = await run({ 'workflow-id': 'wfl_3' })
    expect(one.code).toBe(0)
    expect(one.stdout).toContain(CHANGED('resume', 'workflow wfl_3', undefined, 'active'))
    expect(summaryRow(one.summary, 'wfl_3').Workflow).toBe('wfl_3')
    expect(one.outputs['workflow-name']).toBe('')
    for (const result of [several, one]) {
      expect(`${result.stdout}\n${result.summary}`).not.toMatch(/\(\s*\)/)
      expectGated(result)
    }
  })

  it('redacts a key hidden in a name with invisible characters and escapes', async () => {
    const [id, secret] = KEY.split(':') as [string, string]
    sim.addWorkflow({
      id: 'wfl_1',
      name: `${id}\u200b:${secret.slice(0, 4)}\u001b[0m${secret.slice(4)}\u0007`,
      status: 'paused'
    })
    const result = await run({})
    expect(result.code).toBe(0)
    expect(result.outputs['workflow-name']).toBe('***')
    expect(JSON.parse(result.outputs.results!)[0]['workflow-name']).toBe('***')
    expectGated(result)
  })
})
