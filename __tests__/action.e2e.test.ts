import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { ActionRun, annotations, runAction, runnerCommands } from '../simulator/runner.js'

/** End-to-end: the bundled dist/index.js, spawned as the runner spawns it, against the simulator. */

let sim: DialNexaSimulator
let url: string

beforeEach(async () => {
  sim = new DialNexaSimulator({
    workflows: [
      {
        id: 'wfl_m3v7zb9rk2px',
        name: '30-Day Lead Nurture',
        status: 'paused',
        enrolled_leads: 420,
        node_count: 5
      },
      {
        id: 'wf_abc123',
        title: 'Lead Nurture Sequence',
        status: 'active',
        organization_id: 'org_xyz'
      },
      { id: 'wfl_later', name: 'Quiet hours', status: 'active', enrolled_leads: 7 },
      { id: 'wfl_done', name: 'Spring campaign', status: 'completed', enrolled_leads: 99 }
    ]
  })
  url = await sim.start()
})
afterEach(() => sim.stop())

const run = (inputs: Record<string, string>, options?: Parameters<typeof runAction>[1]) =>
  runAction({ 'api-key': SIMULATOR_API_KEY, 'api-url': url, ...inputs }, options)

function log(result: ActionRun): string {
  return `${result.stdout}\n${result.stderr}`
}

/** Holds for every run: the key only ever appears in the runner's own mask command. */
function expectKeyOnlyMasked(result: ActionRun): void {
  const lines = log(result)
    .split('\n')
    .filter(line => line.includes(SIMULATOR_API_KEY))
  expect(lines).toEqual([`::add-mask::${SIMULATOR_API_KEY}`])
  expect(result.summary).not.toContain(SIMULATOR_API_KEY)
  expect(Object.values(result.outputs).join('\n')).not.toContain(SIMULATOR_API_KEY)
}

const errors = (result: ActionRun): string[] => annotations(result, 'error')
const warnings = (result: ActionRun): string[] => annotations(result, 'warning')

function expectNoStackTrace(result: ActionRun): void {
  expect(log(result)).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
}

describe('the bundled action', () => {
  it('resumes a paused workflow and sets every output', async () => {
    const result = await run({ 'workflow-id': 'wfl_m3v7zb9rk2px' })
    expect(result.code).toBe(0)
    expect(result.outputs).toEqual({
      status: 'active',
      'enrolled-leads': '420',
      resumed: 'true',
      'workflow-name': '30-Day Lead Nurture',
      results: JSON.stringify([
        {
          'workflow-id': 'wfl_m3v7zb9rk2px',
          'workflow-name': '30-Day Lead Nurture',
          status: 'active',
          'enrolled-leads': 420,
          resumed: true,
          error: null
        }
      ])
    })
    expect(sim.workflow('wfl_m3v7zb9rk2px')?.status).toBe('active')
    expect(sim.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/workflows/wfl_m3v7zb9rk2px/resume'
    ])
    expect(sim.requests[0]?.userAgent).toMatch(/^dialnexa-resume-workflow-action\/\d+\.\d+\.\d+$/)
    expect(result.summary).toContain('<td>wfl_m3v7zb9rk2px (30-Day Lead Nurture)</td>')
    expect(result.summary).toContain('<td>Status before</td><td>paused</td>')
    expect(result.summary).toContain('<td>Status after</td><td>active</td>')
    expect(result.summary).toContain('<td>Enrolled leads</td><td>420</td>')
    expect(result.summary).toContain('Resumed')
    expect(result.summary).toContain('<td>Requests (retries)</td><td>1 (0)</td>')
    expect(errors(result)).toEqual([])
    expect(result.stdout).toContain(
      `::debug::Settings: workflow-id=wfl_m3v7zb9rk2px api-url=${url}`
    )
    expectKeyOnlyMasked(result)
  })

  it('ignores a 409 when asked, with a warning and outputs from a follow-up GET', async () => {
    const result = await run({ 'workflow-id': 'wf_abc123', 'ignore-conflict': 'true' })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      status: 'active',
      'enrolled-leads': '',
      resumed: 'false',
      'workflow-name': 'Lead Nurture Sequence'
    })
    expect(warnings(result).join('\n')).toContain('Workflow wf_abc123 is not paused')
    expect(result.summary).toContain('conflict ignored')
    expectKeyOnlyMasked(result)
  })

  it('fails a 409 by default, naming the current status', async () => {
    const result = await run({ 'workflow-id': 'wf_abc123' })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      expect.stringContaining(
        'Workflow wf_abc123 is not paused, so it was not resumed: its current status is active.'
      )
    ])
    expect(result.outputs.resumed).toBe('false')
    expect(result.summary).toContain('Failed')
    expectNoStackTrace(result)
    expectKeyOnlyMasked(result)
  })

  it('waits until the workflow is paused, then resumes it', async () => {
    sim.scheduleStatus('wfl_later', 'paused', 600)
    const result = await run({
      'workflow-id': 'wfl_later',
      'wait-for-paused': 'true',
      'poll-interval': '0.2'
    })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      status: 'active',
      resumed: 'true',
      'enrolled-leads': '7'
    })
    const [flip] = sim.statusChanges.filter(c => c.to === 'paused')
    const [resume] = sim.requestsFor('resume')
    expect(resume!.at).toBeGreaterThanOrEqual(flip!.at)
    const polls = sim.requestsFor('get')
    expect(polls.length).toBeGreaterThanOrEqual(3)
    expect(polls.length).toBeLessThanOrEqual(6)
    expect(result.stdout).toContain('::group::Waiting for workflow wfl_later to be paused')
    // Status changes are logged once each, not on every poll.
    expect(result.stdout.match(/Workflow status: active/g)).toHaveLength(1)
    expect(result.stdout.match(/Workflow status: paused/g)).toHaveLength(1)
    expect(result.summary).toContain('<td>Status before</td><td>paused</td>')
    expectKeyOnlyMasked(result)
  })

  it('fails when the wait times out, giving the last status and the time waited', async () => {
    const result = await run({
      'workflow-id': 'wfl_later',
      'wait-for-paused': 'true',
      'poll-interval': '0.2',
      'wait-timeout': '0.7'
    })
    expect(result.code).toBe(1)
    const [error] = errors(result)
    expect(error).toContain(
      'Workflow wfl_later: the workflow did not become paused in time (last status seen: active; waited'
    )
    expect(error).toContain("Raise 'wait-timeout'")
    expect(sim.requestsFor('resume')).toEqual([])
    expect(result.durationMs).toBeLessThan(5000)
    expectNoStackTrace(result)
  })

  it('stops waiting at once on a final status and fails like a conflict', async () => {
    const result = await run({
      'workflow-id': 'wfl_done',
      'wait-for-paused': 'true',
      'poll-interval': '5'
    })
    expect(result.code).toBe(1)
    expect(errors(result)[0]).toContain('it is completed, a final status, and can never be resumed')
    expect(sim.requests.map(r => r.action)).toEqual(['get'])
  })

  it('succeeds with resumed=false on a final status when conflicts are ignored', async () => {
    const result = await run({
      'workflow-id': 'wfl_done',
      'wait-for-paused': 'true',
      'ignore-conflict': 'true'
    })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      status: 'completed',
      'enrolled-leads': '99',
      resumed: 'false',
      'workflow-name': 'Spring campaign'
    })
  })

  it('waits out a 429 with Retry-After, then resumes', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'rate-limit', retryAfter: '1' } })
    const result = await run({ 'workflow-id': 'wfl_m3v7zb9rk2px' })
    expect(result.code).toBe(0)
    const [first, second] = sim.requestsFor('resume')
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950)
    expect(result.summary).toContain('<td>Requests (retries)</td><td>2 (1)</td>')
    expect(warnings(result)[0]).toContain('retry 1 of 3')
  })

  it('retries a 5xx, checking first whether the resume went through', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 503 } })
    const result = await run({ 'workflow-id': 'wfl_m3v7zb9rk2px' })
    expect(result.code).toBe(0)
    expect(result.outputs.resumed).toBe('true')
    expect(sim.requests.map(r => `${r.action}:${r.statusCode}`)).toEqual([
      'resume:503',
      'get:200',
      'resume:200'
    ])
  })

  it('reports success when an unanswered resume did go through', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'reset', afterApply: true } })
    const result = await run({ 'workflow-id': 'wfl_m3v7zb9rk2px' })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ status: 'active', resumed: 'true' })
    expect(sim.requestsFor('resume')).toHaveLength(1)
  })

  it('fails clearly on a 2xx HTML page without crashing', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'html', status: 200 } })
    const result = await run({ 'workflow-id': 'wfl_m3v7zb9rk2px' })
    expect(result.code).toBe(1)
    expect(errors(result)[0]).toContain(
      'answered HTTP 200 for workflow wfl_m3v7zb9rk2px without a JSON workflow record'
    )
    expectNoStackTrace(result)
  })

  it.each([
    ['404', 'wfl_missing', "Check 'workflow-id'"],
    ['401', 'wfl_m3v7zb9rk2px', "Check the 'api-key' secret"]
  ])('fails a %s with the status, the workflow and what to check', async (code, id, hint) => {
    const inputs: Record<string, string> = { 'workflow-id': id }
    if (code === '401') inputs['api-key'] = 'dnx_test_revoked'
    const result = await run(inputs)
    expect(result.code).toBe(1)
    const [error] = errors(result)
    expect(error).toContain(`HTTP ${code} for workflow ${id}`)
    expect(error).toContain(hint)
    expect(sim.requests).toHaveLength(1)
    expect(result.summary).toContain('Failed')
    expectNoStackTrace(result)
  })

  it.each([
    [{ 'workflow-id': '../api-keys' }, 'workflow-id'],
    [{ 'workflow-id': '' }, 'workflow-id'],
    [{ 'workflow-id': 'wfl_1', 'api-key': '' }, 'api-key'],
    [{ 'workflow-id': 'wfl_1', 'api-key': 'dnx_live_ключ_0123456789' }, 'api-key'],
    [{ 'workflow-id': 'wfl_1', 'api-key': 'a' }, 'api-key'],
    [{ 'workflow-id': 'wfl_1', 'api-url': 'http://api.dialnexa.com/v1' }, 'api-url'],
    [{ 'workflow-id': 'wfl_1', 'api-url': 'http://[::1]:8080/v1' }, 'api-url'],
    [{ 'workflow-id': 'wfl_1', 'wait-for-paused': 'yes' }, 'wait-for-paused'],
    [{ 'workflow-id': 'wfl_1', 'poll-interval': '0' }, 'poll-interval'],
    [{ 'workflow-id': 'wfl_1', 'wait-timeout': '-1' }, 'wait-timeout'],
    [{ 'workflow-id': 'wfl_1', 'max-retries': '2.5' }, 'max-retries'],
    [{ 'workflow-id': 'wfl_1', 'request-timeout': 'soon' }, 'request-timeout']
  ])('rejects %j before any request, naming %s', async (inputs, name) => {
    const result = await run(inputs)
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      expect.stringMatching(new RegExp(`^Input '${name}' (must|is required|is shorter)`))
    ])
    expect(sim.requests).toEqual([])
    expect(result.outputs).toEqual({})
    expect(result.summary).toContain(`Input &#39;${name}&#39;`)
    expectNoStackTrace(result)
  })

  it.each(['?', '#', '/?'])(
    'refuses an api-url ending in a bare %j before any request',
    async end => {
      const result = await run({ 'workflow-id': 'wfl_m3v7zb9rk2px', 'api-url': `${url}${end}` })
      expect(result.code).toBe(1)
      expect(errors(result)).toEqual([
        expect.stringContaining("Input 'api-url' must be an absolute https URL")
      ])
      expect(sim.requests).toEqual([])
    }
  )

  it('refuses a key that cannot go in a header before any request, never showing it', async () => {
    const key = 'dnx_live_ключ_0123456789'
    const result = await run({ 'workflow-id': 'wfl_m3v7zb9rk2px', 'api-key': key })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      expect.stringMatching(/^Input 'api-key' must hold only visible ASCII characters/)
    ])
    expect(warnings(result)).toEqual([])
    expect(sim.requests).toEqual([])
    const lines = log(result)
      .split('\n')
      .filter(line => line.includes('0123456789'))
    expect(lines).toContain(`::add-mask::${key}`)
    expect(lines.filter(line => !line.startsWith('::add-mask::'))).toEqual([])
    expect(result.summary).not.toContain('0123456789')
  })

  it('refuses an over-long key before any request, with no stack trace and no trace of it', async () => {
    const key = `dnx_live_${'k7'.repeat(10_000)}`
    const result = await run({ 'workflow-id': 'wfl_m3v7zb9rk2px', 'api-key': key })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      expect.stringMatching(/^Input 'api-key' is longer than 256 characters/)
    ])
    expect(sim.requests).toEqual([])
    const shown = log(result)
      .split('\n')
      .filter(line => !line.startsWith('::add-mask::'))
    expect(shown.filter(line => line.includes('k7k7'))).toEqual([])
    expect(result.summary).not.toContain('k7k7')
    expectNoStackTrace(result)
  })

  it('refuses a one-letter key without masking that letter everywhere', async () => {
    const result = await run({ 'workflow-id': 'wfl_m3v7zb9rk2px', 'api-key': 'a' })
    expect(result.code).toBe(1)
    expect(sim.requests).toEqual([])
    expect(log(result)).not.toContain('add-mask')
    expect(errors(result)).toEqual([
      expect.stringMatching(/^Input 'api-key' is shorter than 16 characters/)
    ])
  })

  it('never lets server text become a workflow command', async () => {
    const hostile = `nope\n::set-output name=resumed::true\n##[set-env name=NODE_OPTIONS;]--require /tmp/x ${SIMULATOR_API_KEY}`
    sim.addWorkflow({
      id: 'wfl_evil',
      name: '::error::pwned ##[add-path]/tmp',
      status: '::warning::odd'
    })
    const waited = await run({
      'workflow-id': 'wfl_evil',
      'wait-for-paused': 'true',
      'poll-interval': '0.1',
      'wait-timeout': '0.25'
    })
    sim.injectFault({
      action: 'resume',
      fault: { type: 'error', status: 404, message: [hostile, hostile] }
    })
    const failed = await run({ 'workflow-id': 'wfl_evil' })
    for (const result of [waited, failed]) {
      expect(result.code).toBe(1)
      const names = runnerCommands(log(result)).map(c => `${c.legacy ? 'legacy ' : ''}${c.name}`)
      const allowed = new Set([
        'add-mask',
        'debug',
        'warning',
        'error',
        'group',
        'endgroup',
        'stop-commands'
      ])
      expect(names.filter(name => !allowed.has(name))).toEqual([])
      expectKeyOnlyMasked(result)
      expect(result.summary).not.toContain('<script')
    }
    // The hostile status is shown, but inside a stop-commands block.
    expect(waited.stdout).toMatch(
      /::stop-commands::[0-9a-f]{32}\nWorkflow status: ::warning::odd\n::[0-9a-f]{32}::/
    )
    expect(errors(failed)[0]).toContain(
      'The API said: "nope ::set-output name=resumed::true ##[set-env'
    )
    expect(failed.outputs.resumed).toBe('false')
  })

  it('stops on SIGTERM without resuming, and exits non-zero', async () => {
    const result = await run(
      { 'workflow-id': 'wfl_later', 'wait-for-paused': 'true', 'poll-interval': '0.2' },
      {
        onSpawn: child => {
          setTimeout(() => {
            child.kill('SIGTERM')
            sim.setStatus('wfl_later', 'paused')
          }, 700)
        }
      }
    )
    expect(result.code).not.toBe(0)
    expect(result.durationMs).toBeLessThan(3000)
    await new Promise(resolve => setTimeout(resolve, 400))
    expect(sim.requestsFor('resume')).toEqual([])
    expect(warnings(result).join('\n')).toContain('Received SIGTERM')
    expect(result.summary).toContain('Cancelled')
  })
})
