import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction, runnerCommands, whenPrinted } from '../simulator/runner.js'
import {
  debugLines,
  errors,
  expectKeyOnlyMasked,
  expectNoStackTrace,
  infoLines,
  log,
  SECONDS,
  timesIn,
  warnings
} from './helpers/run-log.js'
import { summaryFooter, summaryParagraphs, summaryRow, summaryRows } from './helpers/summary.js'
import {
  answered,
  ATTEMPT,
  BODY,
  CANCELLED,
  CHANGED,
  CONFLICT,
  CONFLICT_CAUSE,
  DETAIL,
  FAILED,
  invalidResponse,
  NOT_APPLIED,
  pending,
  quoted,
  RESULT,
  RETRY,
  TODO,
  UNKNOWN,
  WAIT_TIMEOUT
} from './fixtures/messages.js'

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

describe('the bundled action', () => {
  it('resumes a paused workflow and sets every output', async () => {
    const result = await run({ 'workflow-id': 'wfl_m3v7zb9rk2px' })
    expect(result.code).toBe(0)
    expect(result.outputs).toEqual({
      status: 'active',
      'enrolled-leads': '420',
      resumed: 'true',
      'workflow-name': '30-Day Lead Nurture',
      'would-resume': 'false',
      'opens-at': '',
      results: JSON.stringify([
        {
          'workflow-id': 'wfl_m3v7zb9rk2px',
          'workflow-name': '30-Day Lead Nurture',
          status: 'active',
          'enrolled-leads': 420,
          resumed: true,
          'would-resume': false,
          error: null
        }
      ])
    })
    expect(sim.workflow('wfl_m3v7zb9rk2px')?.status).toBe('active')
    // The status is read first, so an unclear answer to the resume can be judged honestly.
    expect(sim.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'GET /v1/workflows/wfl_m3v7zb9rk2px',
      'POST /v1/workflows/wfl_m3v7zb9rk2px/resume'
    ])
    expect(sim.requests[0]?.userAgent).toMatch(/^dialnexa-resume-workflow-action\/\d+\.\d+\.\d+$/)
    expect(summaryRows(result.summary)).toEqual([
      {
        Workflow: 'wfl_m3v7zb9rk2px (30-Day Lead Nurture)',
        Result: '✅ Resumed',
        Status: 'paused → active',
        'Enrolled leads': '420'
      }
    ])
    expect(summaryFooter(result.summary)).toMatchObject({
      tally: '1 resumed',
      leads: { count: 420, over: 'workflows resumed' },
      requests: 2,
      waits: 0
    })
    expect(errors(result)).toEqual([])
    expect(warnings(result)).toEqual([])
    expect(infoLines(result)).toContain(
      CHANGED('resume', 'workflow wfl_m3v7zb9rk2px', '30-Day Lead Nurture', 'active')
    )
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
    expect(warnings(result)).toEqual([
      `${CONFLICT.notAccepted('resume', 'workflow wf_abc123', 'active')} ${CONFLICT.ignored}`
    ])
    expect(summaryRow(result.summary, 'wf_abc123').Result).toBe(RESULT.resume['conflict-ignored'])
    expect(summaryFooter(result.summary).tally).toBe('0 resumed, 1 conflict ignored (not paused)')
    expectKeyOnlyMasked(result)
  })

  it('does not call a workflow that still reads as paused "not paused" after a 409', async () => {
    sim.injectFault({
      action: 'resume',
      fault: { type: 'error', status: 409, message: 'Workflow is being modified' }
    })
    const result = await run({ 'workflow-id': 'wfl_m3v7zb9rk2px' })
    expect(result.code).toBe(1)
    // The API's own words, quoted: something else holds the workflow.
    expect(errors(result)).toEqual([
      `${CONFLICT.stillReads('resume', 'workflow wfl_m3v7zb9rk2px', 'paused', quoted('Workflow is being modified'))} ${CONFLICT.checkFirst}`
    ])
    expect(summaryRow(result.summary, 'wfl_m3v7zb9rk2px')).toMatchObject({
      Result: '❌ Failed',
      Status: 'paused → paused'
    })
  })

  it('fails a conflict by default, naming the status and both ways out', async () => {
    const result = await run({ 'workflow-id': 'wf_abc123' })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      `${CONFLICT.notAccepted('resume', 'workflow wf_abc123', 'active')} ${CONFLICT.orWaitForPaused}`
    ])
    expect(result.outputs.status).toBe('active')
    expect(result.outputs.resumed).toBe('false')
    expect(summaryRow(result.summary, 'wf_abc123')).toMatchObject({
      Result: '❌ Failed',
      Status: 'active → active',
      // The cause, from the reason's first sentence; the annotation above has it whole.
      Reason: CONFLICT_CAUSE.notAccepted('resume', 'active')
    })
    expectNoStackTrace(result)
    expectKeyOnlyMasked(result)
  })

  it('waits until the workflow is paused, then resumes it', async () => {
    // Paused once the third read has been answered (active), not at a time: however slowly a
    // busy machine runs the step, the fourth read is the first to see it paused.
    void sim.arrival('get', 'wfl_later', 3).then(() => sim.setStatus('wfl_later', 'paused'))
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
    // The first read, then a poll every 'poll-interval' from the last answer: never sooner.
    const polls = sim.requestsFor('get')
    expect(polls).toHaveLength(4)
    for (let i = 1; i < polls.length; i++)
      expect(polls[i]!.at - polls[i - 1]!.at).toBeGreaterThanOrEqual(195)
    // Waiting is not grouped: a collapsed group would hide the progress lines in the log.
    expect(result.stdout).toMatch(
      /^Waiting for workflow wfl_later to be paused: a poll every [\d.]+ s, [\d.]+ s left before 'wait-timeout'\.$/m
    )
    expect(result.stdout).not.toContain('::group::')
    // Status changes are logged once each, not on every poll.
    expect(result.stdout.match(/Workflow status: active/g)).toHaveLength(1)
    expect(result.stdout.match(/Workflow status: paused/g)).toHaveLength(1)
    // The status when the step started, not the paused it waited for.
    expect(summaryRow(result.summary, 'wfl_later')).toMatchObject({
      Result: '✅ Resumed',
      Status: 'active → active'
    })
    // The summary's time covers the wait: three intervals at least, from the first answer to the
    // fourth, and no longer than the run.
    const { seconds, requests } = summaryFooter(result.summary)
    expect(seconds).toBeGreaterThanOrEqual(0.59)
    expect(seconds * 1000).toBeLessThan(result.durationMs)
    expect(requests).toBe(sim.requests.length)
    expectKeyOnlyMasked(result)
  })

  it('fails when the wait times out, giving the last status and the time waited', async () => {
    // The next poll would come after 'wait-timeout' ends, so the wait ends on the first read,
    // which has no deadline: no poll is sent that the deadline could cut, however slow the
    // machine. A poll sent near the deadline may be cut, which words the error differently
    // (see verdict.test.ts, and the README schedule example below for a wait that polls).
    const result = await run({
      'workflow-id': 'wfl_later',
      'wait-for-paused': 'true',
      'poll-interval': '10',
      'wait-timeout': '0.5'
    })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      `${WAIT_TIMEOUT.line('resume', 'workflow wfl_later', '0.5 s', 'active')} ${WAIT_TIMEOUT.raise}`
    ])
    // The time waited, and why it stopped there, are for the debug log.
    // It did not sleep the 10 s 'poll-interval' before finding the deadline past.
    const stopped = debugLines(result).find(line => line.startsWith('wfl_later: Stopped'))
    const [waited] = timesIn(
      stopped,
      `wfl_later: ${DETAIL.stopped(SECONDS, DETAIL.STOP.noPollLeft)}`
    )!
    expect(waited).toBeLessThan(10)
    expect(result.outputs).toMatchObject({ status: 'active', resumed: 'false' })
    expect(summaryRow(result.summary, 'wfl_later')).toMatchObject({
      Result: '❌ Failed',
      Status: 'active → active',
      Reason: WAIT_TIMEOUT.cause('resume', '0.5 s', 'active')
    })
    expect(sim.requestsFor('resume')).toEqual([])
    expect(sim.requestsFor('get')).toHaveLength(1)
    expectNoStackTrace(result)
  })

  it('stops waiting at once on a final status and fails like a conflict', async () => {
    const result = await run({
      'workflow-id': 'wfl_done',
      'wait-for-paused': 'true',
      'poll-interval': '5'
    })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      `${CONFLICT.final('resume', 'workflow wfl_done', 'completed')} ${CONFLICT.letPass}`
    ])
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
    expect(summaryFooter(result.summary)).toMatchObject({ requests: 3, waits: 1 })
    // A retry that ends in success is a log line, not an annotation: a green run has none.
    expect(warnings(result)).toEqual([])
    const retries = infoLines(result).filter(line => line.startsWith('The resume request'))
    expect(retries).toHaveLength(1)
    const [delay] = timesIn(
      retries[0],
      RETRY.failed('the resume request', ATTEMPT.rateLimited, 1, 3, RETRY.sendAgain(SECONDS))
    )!
    // At least the Retry-After of 1 s, spread so held requests do not all return at once.
    expect(delay).toBeGreaterThanOrEqual(1)
    expect(delay).toBeLessThan(2)
  })

  it('says in each retry line what happened and when the next attempt comes, only, and warns of none', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'rate-limit' }, times: 2 })
    const result = await run({ 'workflow-id': 'wfl_m3v7zb9rk2px', 'max-retries': '3' })
    expect(result.code).toBe(0)
    expect(warnings(result)).toEqual([])
    const retries = infoLines(result).filter(line => line.startsWith('The resume request'))
    const delays = retries.map(
      (line, i) =>
        timesIn(
          line,
          RETRY.failed(
            'the resume request',
            ATTEMPT.rateLimited,
            i + 1,
            3,
            RETRY.sendAgain(SECONDS)
          )
        )?.[0]
    )
    expect(delays).toHaveLength(2)
    // The back-off, about 1 s then 2 s, with jitter.
    expect(delays[0]).toBeGreaterThan(0)
    expect(delays[0]).toBeLessThanOrEqual(1)
    expect(delays[1]).toBeGreaterThanOrEqual(1)
    expect(delays[1]).toBeLessThan(3)
    expect(log(result)).not.toContain('exhausted')
  })

  it('retries a 5xx, checking first whether the resume went through', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 503 } })
    const result = await run({ 'workflow-id': 'wfl_m3v7zb9rk2px' })
    expect(result.code).toBe(0)
    expect(result.outputs.resumed).toBe('true')
    expect(sim.requests.map(r => `${r.action}:${r.statusCode}`)).toEqual([
      'get:200',
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
    // No record in the answer: the status is what reading it back showed.
    expect(errors(result)).toEqual([
      pending(
        'resume',
        'workflow wfl_m3v7zb9rk2px',
        200,
        'paused',
        invalidResponse(200, BODY.page('text/html')).cause
      )
    ])
    expect(result.outputs).toMatchObject({ status: 'paused', resumed: 'false' })
    expectNoStackTrace(result)
  })

  it('reads back an empty 204 and reports the resume it shows, blaming no proxy', async () => {
    sim.injectFault({
      action: 'resume',
      fault: { type: 'raw', status: 204, body: '', afterApply: true }
    })
    const result = await run({ 'workflow-id': 'wfl_m3v7zb9rk2px' })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ status: 'active', resumed: 'true' })
    expect(infoLines(result)).toContain(
      CHANGED('resume', 'workflow wfl_m3v7zb9rk2px', '30-Day Lead Nurture', 'active')
    )
    // How it was confirmed is for the debug log.
    expect(debugLines(result)).toContain(
      `wfl_m3v7zb9rk2px: ${DETAIL.confirmed['read-back-after-recordless-answer']}`
    )
    expect(log(result)).not.toContain('proxy')
    expect(warnings(result)).toEqual([])
  })

  it('fails a 2xx whose record is not active, saying what the API returned', async () => {
    sim.injectFault({
      action: 'resume',
      fault: { type: 'raw', status: 200, body: '{"id":"wfl_m3v7zb9rk2px","status":"paused"}' }
    })
    const result = await run({ 'workflow-id': 'wfl_m3v7zb9rk2px' })
    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({ status: 'paused', resumed: 'false' })
    expect(errors(result)).toEqual([
      NOT_APPLIED.answered('resume', 'workflow wfl_m3v7zb9rk2px', 'paused')
    ])
  })

  it('never reports an active workflow as resumed, even when the resume would get a 502', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 502 }, times: 5 })
    const result = await run({ 'workflow-id': 'wf_abc123', 'ignore-conflict': 'true' })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ status: 'active', resumed: 'false' })
    expect(sim.requestsFor('resume')).toEqual([])
    expect(summaryRow(result.summary, 'wf_abc123')).toMatchObject({
      Result: '⚠️ Conflict ignored (not paused)',
      Status: 'active → active'
    })
  })

  it('stays green on the README schedule example when the workflow stays active', async () => {
    const result = await run({
      'workflow-id': 'wfl_later',
      'wait-for-paused': 'true',
      'poll-interval': '0.1',
      'wait-timeout': '0.3',
      'ignore-conflict': 'true'
    })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ status: 'active', resumed: 'false' })
    expect(warnings(result)).toEqual([
      `${WAIT_TIMEOUT.line('resume', 'workflow wfl_later', '0.3 s', 'active')} ${WAIT_TIMEOUT.ignored}`
    ])
    // Whether the wait ended on its last poll or the deadline cut that poll short, it read its
    // last status: the debug log says which.
    const stopped = debugLines(result).find(line => line.startsWith('wfl_later: Stopped'))
    const stops = [DETAIL.STOP.noPollLeft, DETAIL.STOP.cutShort]
    expect(
      stops.map(why => timesIn(stopped, `wfl_later: ${DETAIL.stopped(SECONDS, why)}`)).some(Boolean)
    ).toBe(true)
    expect(errors(result)).toEqual([])
  })

  it('resumes a paused workflow with wait-timeout 0', async () => {
    const result = await run({
      'workflow-id': 'wfl_m3v7zb9rk2px',
      'wait-for-paused': 'true',
      'wait-timeout': '0'
    })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ status: 'active', resumed: 'true' })
  })

  it('uses one spelling of a status in outputs, results, warnings and the summary', async () => {
    sim.addWorkflow({ id: 'wfl_legacy', status: 'Running ' })
    const result = await run({ 'workflow-id': 'wfl_legacy', 'ignore-conflict': 'true' })
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('active')
    expect(JSON.parse(result.outputs.results!)[0].status).toBe('active')
    expect(warnings(result)).toEqual([
      `${CONFLICT.notAccepted('resume', 'workflow wfl_legacy', 'active')} ${CONFLICT.ignored}`
    ])
    expect(summaryRow(result.summary, 'wfl_legacy').Status).toBe('active → active')
    expect(log(result)).not.toMatch(/running/i)
  })

  it('still logs and summarises a resume when GITHUB_OUTPUT cannot be written, and says it was resumed', async () => {
    const outputDir = mkdtempSync(join(tmpdir(), 'unwritable-output-'))
    try {
      // A directory: appending to it fails as an unwritable file would (EISDIR).
      const result = await run(
        { 'workflow-id': 'wfl_m3v7zb9rk2px' },
        { env: { GITHUB_OUTPUT: outputDir } }
      )
      expect(result.code).toBe(1)
      expect(sim.workflow('wfl_m3v7zb9rk2px')?.status).toBe('active')
      const [error] = errors(result)
      expect(error).toMatch(/^Could not write the step's outputs \(GITHUB_OUTPUT\): .*EISDIR/)
      expect(error).toContain('Workflow wfl_m3v7zb9rk2px was resumed; do not resume it again.')
      expect(error).not.toContain('Unexpected failure')
      expect(result.stdout).toContain('Resumed workflow wfl_m3v7zb9rk2px (30-Day Lead Nurture)')
      expect(summaryRow(result.summary, 'wfl_m3v7zb9rk2px').Result).toBe('✅ Resumed')
      expect(summaryParagraphs(result.summary).at(-1)).toContain(
        'Workflow wfl_m3v7zb9rk2px was resumed; do not resume it again.'
      )
      expectNoStackTrace(result)
    } finally {
      rmSync(outputDir, { recursive: true, force: true })
    }
  })

  it.each([
    [404, 'wfl_missing', 'Workflow wfl_missing not found', TODO[404]],
    [401, 'wfl_m3v7zb9rk2px', 'Invalid or missing API key', TODO[401]]
  ])('fails a %s with the status, the workflow and what to check', async (code, id, said, todo) => {
    const inputs: Record<string, string> = { 'workflow-id': id }
    if (code === 401) inputs['api-key'] = 'dnx_test_revoked'
    const result = await run(inputs)
    expect(result.code).toBe(1)
    const cause = answered(code, quoted(said))
    expect(errors(result)).toEqual([FAILED.line('resume', `workflow ${id}`, { cause, todo })])
    expect(sim.requests).toHaveLength(1)
    expect(summaryRow(result.summary, id)).toMatchObject({ Result: '❌ Failed', Reason: cause })
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

  it('refuses an api-url of two lines before any request, rather than run them together', async () => {
    const result = await run({
      'workflow-id': 'wfl_m3v7zb9rk2px',
      'api-url': `${url}\nhttps://api.dialnexa.com/v1`
    })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      expect.stringContaining(
        "Input 'api-url' must be an absolute https URL such as https://api.dialnexa.com/v1, without spaces"
      )
    ])
    expect(sim.requests).toEqual([])
    expectNoStackTrace(result)
  })

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

  it('refuses a key whose secret part is too short to mask, before a server could echo it', async () => {
    // The secret alone, as a server echoes it ("secret … does not match key id …"), would be
    // shown: seven characters are too few to mask without blotting out ordinary words.
    const key = 'abcdefghijklmnop:s3cr3t7'
    sim.injectFault({
      action: 'resume',
      fault: { type: 'error', status: 401, message: 'secret s3cr3t7 does not match' }
    })
    const result = await run({ 'workflow-id': 'wfl_m3v7zb9rk2px', 'api-key': key })
    expect(result.code).toBe(1)
    expect(sim.requests).toEqual([])
    expect(errors(result)).toEqual([
      expect.stringMatching(/^Input 'api-key' has fewer than 8 characters after its first ':'/)
    ])
    const shown = log(result)
      .split('\n')
      .filter(line => !line.startsWith('::add-mask::'))
    expect(shown.filter(line => line.includes('s3cr3t7'))).toEqual([])
    expect(result.summary).not.toContain('s3cr3t7')
    expectNoStackTrace(result)
  })

  it.each([
    ['workflow-id', 'wfl_m3v7zb9rk2px, KEY'],
    ['ignore-conflict', 'KEY'],
    ['max-retries', 'KEY']
  ])(
    'never shows the key pasted into %s by mistake, in the error or the summary',
    async (input, value) => {
      const key = 'kid_0123456789:s3cr3t/Value+9'
      const result = await run({
        'workflow-id': 'wfl_m3v7zb9rk2px',
        'api-key': key,
        [input]: value.replace('KEY', key)
      })
      expect(result.code).toBe(1)
      expect(sim.requests).toEqual([])
      expect(errors(result)).toEqual([expect.stringContaining(`Input '${input}' `)])
      const shown = [
        ...log(result)
          .split('\n')
          .filter(line => !line.startsWith('::add-mask::')),
        result.summary
      ]
      // Neither the key nor its secret part, which the runner masks only as we register it.
      expect(shown.filter(text => text.includes('s3cr3t'))).toEqual([])
    }
  )

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
    // Quoted as it was sent, clipped, in an annotation: the runner reads no command in it.
    expect(errors(failed)[0]).toContain(
      `${answered(404)} ("nope ::set-output name=resumed::true ##[set-env`
    )
    expect(failed.outputs.resumed).toBe('false')
  })

  it('stops on SIGTERM without resuming, and exits non-zero', async () => {
    let killedAt = Infinity
    const result = await run(
      { 'workflow-id': 'wfl_later', 'wait-for-paused': 'true', 'poll-interval': '10' },
      {
        // Cancelled once it is waiting for its next poll, whenever a busy machine lets it get
        // there.
        onSpawn: child =>
          void whenPrinted(child, 'Waiting for workflow wfl_later to be paused')
            .then(() => {
              killedAt = Date.now()
              child.kill('SIGTERM')
              // Paused only once the child has taken the signal: a poll after it would see
              // paused and resume.
              return whenPrinted(child, 'Received SIGTERM')
            })
            .then(() => sim.setStatus('wfl_later', 'paused'))
      }
    )
    expect(result.code).not.toBe(0)
    // It stops at once: not when its 10 s poll comes round, nor at its fallback exit 4 s after
    // the signal (src/core/cancellation.ts), which a sleep left running would wait for.
    expect(Date.now() - killedAt).toBeLessThan(3500)
    expect(sim.requestsFor('get')).toHaveLength(1)
    await new Promise(resolve => setTimeout(resolve, 400))
    expect(sim.requestsFor('resume')).toEqual([])
    expect(warnings(result).join('\n')).toContain('Received SIGTERM')
    expect(summaryRow(result.summary, 'wfl_later').Result).toBe('⛔ Cancelled')
    expect(errors(result)).toEqual([CANCELLED.before('resume', 'workflow wfl_later')])
  })

  it('reports a resume the API applied before a gateway answered 524, never "not resumed"', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error-after-apply', status: 524 } })
    const result = await run({ 'workflow-id': 'wfl_m3v7zb9rk2px' })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ status: 'active', resumed: 'true' })
    expect(debugLines(result)).toContain(`wfl_m3v7zb9rk2px: ${DETAIL.confirmed['read-back']}`)
    expect(errors(result)).toEqual([])
    expect(warnings(result)).toEqual([])
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'resume', 'get'])
  })

  it('reports a resume the API applied before a proxy garbled its answer, never "not resumed"', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'garbled', afterApply: true } })
    const result = await run({ 'workflow-id': 'wfl_m3v7zb9rk2px' })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ status: 'active', resumed: 'true' })
    expect(result.stdout).toMatch(/::debug::POST \S+ -> failed in \d+ ms: HPE_/)
    expect(errors(result)).toEqual([])
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'resume', 'get'])
  })

  it('says the rate limit held the next poll back past wait-timeout, not "an unexpected error"', async () => {
    const resetAt = String(Math.ceil(Date.now() / 1000) + 3600)
    sim.injectFault({
      action: 'get',
      fault: {
        type: 'raw',
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ id: 'wfl_later', status: 'active' }),
        headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': resetAt }
      }
    })
    // The hold (120 s at most) outlasts a 60 s 'wait-timeout', which a first read slowed by a
    // busy machine cannot use up before the first poll: with 2 s it could, and the wait would
    // end as the poll-interval wording says instead.
    const result = await run({
      'workflow-id': 'wfl_later',
      'wait-for-paused': 'true',
      'poll-interval': '0.2',
      'wait-timeout': '60'
    })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      // No poll was made: 'ignore-conflict' could not make it pass, so it is not offered.
      `${WAIT_TIMEOUT.line('resume', 'workflow wfl_later', '60 s', 'active', WAIT_TIMEOUT.rateLimited)} ${WAIT_TIMEOUT.raiseOnly}`
    ])
    const stopped = debugLines(result).find(line => line.startsWith('wfl_later: Stopped'))
    expect(
      timesIn(stopped, `wfl_later: ${DETAIL.stopped(SECONDS, DETAIL.STOP.rateLimit)}`)
    ).toEqual([expect.any(Number)])
    expect(log(result)).not.toContain('unexpected')
    expect(sim.requests.map(r => r.action)).toEqual(['get'])
  })

  it('reports the status its last read saw when a resume fails after reading it back', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 502 } })
    void sim.arrival('resume').then(() => sim.setStatus('wfl_m3v7zb9rk2px', 'cancelled'))
    const result = await run({ 'workflow-id': 'wfl_m3v7zb9rk2px', 'max-retries': '0' })
    expect(result.code).toBe(1)
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'resume', 'get'])
    expect(result.outputs).toMatchObject({ status: 'cancelled', resumed: 'false' })
    // Read back after the 502 in another status than paused: the error names it.
    expect(errors(result)).toEqual([
      FAILED.line(
        'resume',
        'workflow wfl_m3v7zb9rk2px',
        { cause: answered(502, quoted('Bad Gateway')), todo: TODO.server },
        FAILED.notRetried,
        'cancelled'
      )
    ])
    expect(summaryRow(result.summary, 'wfl_m3v7zb9rk2px')).toMatchObject({
      Result: '❌ Failed',
      Status: 'paused → cancelled'
    })
  })

  it('checks a resume in flight when cancelled, and reports it resumed when it was', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'hang-after-apply' } })
    const result = await run(
      { 'workflow-id': 'wfl_m3v7zb9rk2px' },
      // Cancelled while the resume hangs, once it has arrived.
      { onSpawn: child => void sim.arrival('resume').then(() => child.kill('SIGTERM')) }
    )
    expect(result.outputs).toMatchObject({ status: 'active', resumed: 'true' })
    expect(debugLines(result)).toContain(
      `wfl_m3v7zb9rk2px: ${DETAIL.confirmed['check-after-cancel']}`
    )
    expect(summaryRow(result.summary, 'wfl_m3v7zb9rk2px').Result).toBe('✅ Resumed')
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'resume', 'get'])
  })

  it('says "may have been resumed" when the check after a cancellation cannot tell', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'hang-after-apply' } })
    sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 } })
    sim.injectFault({ action: 'get', fault: { type: 'hang' } })
    const result = await run(
      { 'workflow-id': 'wfl_m3v7zb9rk2px' },
      { onSpawn: child => void sim.arrival('resume').then(() => child.kill('SIGINT')) }
    )
    expect(result.code).not.toBe(0)
    expect(result.outputs.resumed).toBe('false')
    expect(errors(result)).toEqual([
      UNKNOWN.cancelled('resume', 'workflow wfl_m3v7zb9rk2px', ATTEMPT.cutTimeout)
    ])
    expect(errors(result)[0]).not.toMatch(/not resumed/)
    expect(summaryRow(result.summary, 'wfl_m3v7zb9rk2px').Result).toBe('❓ May have been resumed')
  })
})
