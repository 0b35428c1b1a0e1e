import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DialNexaSimulator, SIMULATOR_API_KEY, SimWorkflow } from '../simulator/simulator.js'
import { ActionRun, annotations, runAction, whenPrinted } from '../simulator/runner.js'
import { summaryFooter, summaryParagraphs, summaryRow, summaryRows } from './helpers/summary.js'
import { infoLines, SECONDS, timesIn, warnings } from './helpers/run-log.js'
import {
  answered,
  ATTEMPT,
  CANCELLED,
  CONFLICT,
  CONFLICT_CAUSE,
  FAILED,
  quoted,
  RETRY,
  TODO,
  WAIT_TIMEOUT
} from './fixtures/messages.js'

/** Several workflows in one step, through the bundled action against the simulator. */

let sim: DialNexaSimulator
let url: string

async function startWith(workflows: SimWorkflow[], latencyMs = 0): Promise<void> {
  sim = new DialNexaSimulator({ workflows, latencyMs })
  url = await sim.start()
}
afterEach(() => sim.stop())

const run = (inputs: Record<string, string>, options?: Parameters<typeof runAction>[1]) =>
  runAction({ 'api-key': SIMULATOR_API_KEY, 'api-url': url, ...inputs }, options)

const paused = (id: string, leads?: number): SimWorkflow => ({
  id,
  name: `Campaign ${id}`,
  status: 'paused',
  ...(leads !== undefined && { enrolled_leads: leads })
})

function results(run: ActionRun): Array<Record<string, unknown>> {
  return JSON.parse(run.outputs.results!) as Array<Record<string, unknown>>
}

const errors = (result: ActionRun): string[] => annotations(result, 'error')
const log = (result: ActionRun): string => `${result.stdout}\n${result.stderr}`

/** Error annotations with their title, which the runner shows as the annotation's heading. */
function errorAnnotations(result: ActionRun): Array<{ title?: string; message: string }> {
  return [...log(result).matchAll(/^::error(?: title=([^:]*))?::(.*)$/gm)].map(
    ([, title, message]) => ({
      title: title === undefined ? undefined : decodeURIComponent(title),
      message: message!
    })
  )
}

describe('several workflows in one step', () => {
  it.each([
    ['newlines', 'wfl_eu\nwfl_us\n\n  wfl_apac  \nwfl_eu\n'],
    ['commas', 'wfl_eu, wfl_us,wfl_apac,,wfl_us']
  ])('resumes a list separated by %s, in input order, each once', async (_how, list) => {
    await startWith([paused('wfl_eu', 10), paused('wfl_us', 20), paused('wfl_apac', 5)])
    const result = await run({ 'workflow-id': list })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      status: 'active',
      'enrolled-leads': '35',
      resumed: 'true',
      'workflow-name': 'Campaign wfl_eu, Campaign wfl_us, Campaign wfl_apac'
    })
    expect(results(result).map(r => r['workflow-id'])).toEqual(['wfl_eu', 'wfl_us', 'wfl_apac'])
    expect(results(result)[1]).toEqual({
      'workflow-id': 'wfl_us',
      'workflow-name': 'Campaign wfl_us',
      status: 'active',
      'enrolled-leads': 20,
      resumed: true,
      'would-resume': false,
      error: null
    })
    expect(
      sim
        .requestsFor('resume')
        .map(r => r.workflowId)
        .sort()
    ).toEqual(['wfl_apac', 'wfl_eu', 'wfl_us'])
    // One row each, in input order, and what the leads add up over.
    expect(
      summaryRows(result.summary).map(r => [r.Workflow, r.Result, r['Enrolled leads']])
    ).toEqual([
      ['wfl_eu (Campaign wfl_eu)', '✅ Resumed', '10'],
      ['wfl_us (Campaign wfl_us)', '✅ Resumed', '20'],
      ['wfl_apac (Campaign wfl_apac)', '✅ Resumed', '5']
    ])
    expect(summaryFooter(result.summary)).toMatchObject({
      tally: '3 resumed',
      leads: { count: 35, over: 'workflows resumed' },
      requests: 6,
      waits: 0
    })
    expect(result.summary).not.toMatch(/<td><t[dr]|<td><\/tr>/)
  })

  it('reports mixed outcomes and succeeds when conflicts are ignored', async () => {
    await startWith([
      paused('wfl_a', 1),
      { id: 'wfl_b', name: 'B', status: 'active', enrolled_leads: 2 }
    ])
    const result = await run({ 'workflow-id': 'wfl_a,wfl_b', 'ignore-conflict': 'true' })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      status: 'active',
      resumed: 'false',
      'enrolled-leads': '3'
    })
    expect(results(result).map(r => [r['workflow-id'], r.resumed, r.error])).toEqual([
      ['wfl_a', true, null],
      ['wfl_b', false, null]
    ])
    expect(summaryFooter(result.summary)).toMatchObject({
      tally: '1 resumed, 1 conflict ignored (not paused)',
      // wfl_b's 2 leads are not counted: it was not resumed.
      leads: { count: 1, over: 'workflows resumed' }
    })
    expect(summaryRow(result.summary, 'wfl_b').Result).toBe('⚠️ Conflict ignored (not paused)')
    // Beside another workflow, the warning names its own by the prefix.
    expect(warnings(result)).toEqual([expect.stringMatching(/^\[wfl_b\] The workflow was not /)])
  })

  it('tries every workflow when one is missing, then fails naming it', async () => {
    await startWith([paused('wfl_a', 1), paused('wfl_c', 3)])
    const result = await run({ 'workflow-id': 'wfl_a\nwfl_missing\nwfl_c' })
    expect(result.code).toBe(1)
    expect(sim.workflow('wfl_a')?.status).toBe('active')
    expect(sim.workflow('wfl_c')?.status).toBe('active')
    expect(errorAnnotations(result)).toEqual([
      {
        title: 'Workflow wfl_missing',
        message: FAILED.line('resume', 'the workflow', {
          cause: answered(404, quoted('Workflow wfl_missing not found')),
          todo: TODO[404]
        })
      },
      { title: undefined, message: '1 of 3 workflows failed; see the errors above.' }
    ])
    expect(result.outputs).toMatchObject({
      status: 'mixed',
      resumed: 'false',
      'enrolled-leads': '4'
    })
    expect(results(result)[1]).toMatchObject({
      'workflow-id': 'wfl_missing',
      resumed: false,
      status: null
    })
    expect(String(results(result)[1]!.error)).toContain('HTTP 404')
    expect(summaryFooter(result.summary).tally).toBe('2 resumed, 1 failed')
    // Failures first.
    expect(summaryRows(result.summary).map(r => r.Workflow)).toEqual([
      'wfl_missing',
      'wfl_a (Campaign wfl_a)',
      'wfl_c (Campaign wfl_c)'
    ])
    expect(result.stdout).toContain('Resumed 2 of 3 workflows; 1 failed.')
  })

  it('names each failed workflow with its own reason', async () => {
    await startWith([
      { id: 'wfl_busy', status: 'active' },
      { id: 'wfl_done', status: 'cancelled' },
      paused('wfl_ok')
    ])
    const result = await run({ 'workflow-id': 'wfl_busy,wfl_done,wfl_ok' })
    expect(result.code).toBe(1)
    expect(errorAnnotations(result)).toEqual([
      {
        title: 'Workflow wfl_busy',
        message: `${CONFLICT.notAccepted('resume', 'the workflow', 'active')} ${CONFLICT.orWaitForPaused}`
      },
      {
        title: 'Workflow wfl_done',
        message: `${CONFLICT.final('resume', 'the workflow', 'cancelled')} ${CONFLICT.letPass}`
      },
      { title: undefined, message: '2 of 3 workflows failed; see the errors above.' }
    ])
    // The summary gives each failed row its reason, beside the ID: the cause from the first
    // sentence, which names the status.
    expect(summaryRow(result.summary, 'wfl_done')).toEqual({
      Workflow: 'wfl_done',
      Result: '❌ Failed',
      Status: 'cancelled → cancelled',
      'Enrolled leads': '—',
      Reason: CONFLICT_CAUSE.final('cancelled')
    })
    expect(summaryRow(result.summary, 'wfl_busy').Reason).toBe(
      CONFLICT_CAUSE.notAccepted('resume', 'active')
    )
  })

  it('prefixes retry lines with the ID, says only what happened and when, and warns of none', async () => {
    await startWith([paused('wfl_a'), paused('wfl_b')])
    sim.injectFault({
      action: 'resume',
      workflowId: 'wfl_b',
      fault: { type: 'rate-limit', retryAfter: '1' }
    })
    // One at a time: side by side, wfl_a's resume could leave after the step saw wfl_b's 429,
    // and be held back with a retry line of its own (the tests below show that gate).
    const result = await run({ 'workflow-id': 'wfl_a,wfl_b', 'max-parallel': '1' })
    expect(result.code).toBe(0)
    expect(warnings(result)).toEqual([])
    const retries = infoLines(result).filter(line => / request | read /.test(line))
    expect(retries).toHaveLength(1)
    const [delay] = timesIn(
      retries[0],
      `[wfl_b] ${RETRY.failed('the resume request', ATTEMPT.rateLimited, 1, 3, RETRY.sendAgain(SECONDS))}`
    )!
    expect(delay).toBeGreaterThanOrEqual(1)
    expect(delay).toBeLessThan(2)
  })

  it('announces every wait a retry spends, rate-limit holds too, numbered without gaps', async () => {
    await startWith([paused('wfl_a'), paused('wfl_b')])
    sim.injectFault({ fault: { type: 'rate-limit', retryAfter: '1' }, times: 100 })
    const result = await run({ 'workflow-id': 'wfl_a,wfl_b', 'max-retries': '2' })
    expect(result.code).toBe(1)
    for (const id of ['wfl_a', 'wfl_b']) {
      const mine = infoLines(result).filter(line => line.startsWith(`[${id}] The status read`))
      // "after 2 retries" must follow lines for retries 1 and 2, whatever kind: a 429, or a
      // hold for the key's rate limit.
      expect(
        mine.map((line, i) => {
          const failed = RETRY.failed(
            'the status read',
            ATTEMPT.rateLimited,
            i + 1,
            2,
            RETRY.sendAgain(SECONDS)
          )
          const held = RETRY.held('the status read', i + 1, 2, RETRY.send(SECONDS))
          return [failed, held].some(text => timesIn(line, `[${id}] ${text}`))
        })
      ).toEqual([true, true])
    }
    expect(errors(result).slice(0, 2)).toEqual([
      expect.stringContaining(`${FAILED.afterRetries(2)}. ${TODO[429]}`),
      expect.stringContaining(`${FAILED.afterRetries(2)}. ${TODO[429]}`)
    ])
    expect(warnings(result)).toEqual([])
  })

  it('rejects a list with one bad ID before any request, naming that ID', async () => {
    await startWith([paused('wfl_a')])
    const result = await run({ 'workflow-id': 'wfl_a\n../api-keys\nwfl_b' })
    expect(result.code).toBe(1)
    expect(errors(result)[0]).toContain('"../api-keys" is not')
    expect(sim.requests).toEqual([])
  })

  it.each([1, 3])('never has more than max-parallel %i requests in flight', async limit => {
    const ids = Array.from({ length: 7 }, (_, i) => `wfl_${i}`)
    await startWith(
      ids.map(id => paused(id)),
      100
    )
    // The first reads are answered only once all `limit` have arrived, so the step is seen with
    // `limit` in flight however slowly a busy machine sends them.
    const firstReads = Promise.all(ids.slice(0, limit).map(id => sim.arrival('get', id)))
    sim.injectFault({ action: 'get', fault: { type: 'wait-for', event: firstReads }, times: limit })
    const started = Date.now()
    const result = await run({ 'workflow-id': ids.join('\n'), 'max-parallel': String(limit) })
    expect(result.code).toBe(0)
    expect(sim.maxInFlight).toBe(limit)
    // Seven requests of 100 ms each at `limit` at a time take at least ceil(7 / limit) rounds.
    expect(Date.now() - started).toBeGreaterThanOrEqual(Math.ceil(7 / limit) * 100)
  })

  it('holds back every workflow after one sees a 429, until Retry-After has passed', async () => {
    const ids = ['wfl_1', 'wfl_2', 'wfl_3', 'wfl_4']
    await startWith(
      ids.map(id => paused(id)),
      20
    )
    sim.injectFault({
      action: 'resume',
      workflowId: 'wfl_1',
      fault: { type: 'rate-limit', retryAfter: '1' }
    })
    // wfl_2's resume, on its way beside wfl_1's, is answered only once the step has shown it saw
    // the 429: whatever its lane sends next, it sends knowing, however slowly a busy machine
    // gets there.
    let limitSeen = (): void => undefined
    sim.injectFault({
      action: 'resume',
      workflowId: 'wfl_2',
      fault: { type: 'wait-for', event: new Promise<void>(resolve => (limitSeen = resolve)) }
    })
    const result = await run(
      { 'workflow-id': ids.join(','), 'max-parallel': '2' },
      {
        onSpawn: child =>
          void whenPrinted(child, '[wfl_1] The resume request failed: HTTP 429').then(limitSeen)
      }
    )
    expect(result.code).toBe(0)
    expect(ids.map(id => sim.workflow(id)?.status)).toEqual([
      'active',
      'active',
      'active',
      'active'
    ])
    const limited = sim.requests.find(r => r.statusCode === 429)!
    // The reads and resumes of wfl_1 and wfl_2 may have left before the step knew of the 429;
    // everything after them waited out Retry-After, in both lanes.
    const onTheirWay = ['wfl_1', 'wfl_2'].flatMap(id => [
      sim.requestsFor('get', id)[0],
      sim.requestsFor('resume', id)[0]
    ])
    const later = sim.requests.filter(r => !onTheirWay.includes(r))
    expect(later.map(r => `${r.action}:${r.workflowId}`).sort()).toEqual([
      'get:wfl_3',
      'get:wfl_4',
      'resume:wfl_1',
      'resume:wfl_3',
      'resume:wfl_4'
    ])
    for (const request of later) expect(request.at - limited.at).toBeGreaterThanOrEqual(950)
    expect(sim.requests.filter(r => r.statusCode === 429)).toHaveLength(1)
  })

  it('waits for each workflow under one shared deadline', async () => {
    await startWith([
      { id: 'wfl_soon', status: 'active' },
      { id: 'wfl_never', status: 'active' }
    ])
    // Paused 800 ms after its first read, which the step makes after its start: wfl_never's wait,
    // which starts only once wfl_soon is resumed (max-parallel 1), has at most 1.2 s of the 2 s.
    void sim.arrival('get', 'wfl_soon').then(() => sim.scheduleStatus('wfl_soon', 'paused', 800))
    const result = await run({
      'workflow-id': 'wfl_soon\nwfl_never',
      'wait-for-paused': 'true',
      'poll-interval': '0.1',
      'wait-timeout': '2',
      'max-parallel': '1'
    })
    expect(result.code).toBe(1)
    expect(results(result).map(r => r.resumed)).toEqual([true, false])
    expect(errors(result)).toEqual([
      `${WAIT_TIMEOUT.line('resume', 'the workflow', '2 s', 'active')} ${WAIT_TIMEOUT.raise}`,
      expect.stringMatching(/^1 of 2 workflows failed/)
    ])
    // The second wait starts late, yet ends at the step's deadline, which began before the
    // step's first request: no poll of wfl_never reached the server 2 s after that request, where
    // a 'wait-timeout' of its own would have polled until 2 s after wfl_soon was resumed.
    const deadline = sim.requestsFor('get', 'wfl_soon')[0]!.at + 2000
    const polls = sim.requestsFor('get', 'wfl_never')
    expect(polls.length).toBeGreaterThan(1)
    for (const poll of polls) expect(poll.at).toBeLessThanOrEqual(deadline)
    expect(results(result)[1]).toMatchObject({ 'workflow-id': 'wfl_never', status: 'active' })
    expect(result.stdout).toContain('[wfl_soon] Workflow status: paused')
    expect(summaryRow(result.summary, 'wfl_soon')).toMatchObject({
      Result: '✅ Resumed',
      Status: 'active → active'
    })
    // Every poll counted, and no retry wait.
    expect(summaryFooter(result.summary)).toMatchObject({
      requests: sim.requests.length,
      waits: 0
    })
  })

  it('reads every workflow at least once and resumes the paused ones after the shared deadline', async () => {
    const ids = ['wfl_1', 'wfl_2', 'wfl_3', 'wfl_4']
    await startWith([{ id: 'wfl_1', status: 'active' }, ...ids.slice(1).map(id => paused(id))], 150)
    const result = await run({
      'workflow-id': ids.join(','),
      'wait-for-paused': 'true',
      // No poll fits after the first read (150 ms of latency): the wait rests on that read, so
      // 'ignore-conflict' lets wfl_1 pass. A poll cut short unanswered would be a failure.
      'poll-interval': '0.3',
      'wait-timeout': '0.3',
      'max-parallel': '1',
      'ignore-conflict': 'true'
    })
    expect(result.code).toBe(0)
    // wfl_1 used up the deadline; the others still got their read, and were resumed.
    expect(results(result).map(r => [r['workflow-id'], r.resumed, r.status])).toEqual([
      ['wfl_1', false, 'active'],
      ['wfl_2', true, 'active'],
      ['wfl_3', true, 'active'],
      ['wfl_4', true, 'active']
    ])
    expect(log(result)).not.toContain('no status was read')
  })

  it('stops every workflow on SIGTERM', async () => {
    const ids = ['wfl_x', 'wfl_y', 'wfl_z']
    await startWith(ids.map(id => ({ id, status: 'active' })))
    const result = await run(
      { 'workflow-id': ids.join(','), 'wait-for-paused': 'true', 'poll-interval': '0.1' },
      {
        // Once every workflow has polled, all three are waiting: then the job is cancelled.
        onSpawn: child =>
          void Promise.all(ids.map(id => sim.arrival('get', id)))
            .then(() => {
              child.kill('SIGTERM')
              return whenPrinted(child, 'Received SIGTERM')
            })
            .then(() => {
              for (const id of ids) sim.setStatus(id, 'paused')
            })
      }
    )
    expect(result.code).not.toBe(0)
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(sim.requestsFor('resume')).toEqual([])
    expect(results(result).map(r => r.resumed)).toEqual([false, false, false])
    expect(summaryFooter(result.summary).tally).toBe('0 resumed, 3 cancelled')
  })

  it('names every workflow it resumed, however many, when GITHUB_OUTPUT cannot be written', async () => {
    const ids = Array.from(
      { length: 100 },
      (_, i) => `wfl_eu_spring_campaign_${String(i).padStart(17, '0')}`
    )
    await startWith(ids.map(id => paused(id)))
    const outputDir = mkdtempSync(join(tmpdir(), 'unwritable-output-'))
    try {
      // A directory: appending to it fails as an unwritable file would (EISDIR).
      const result = await run(
        { 'workflow-id': ids.join(','), 'max-parallel': '20' },
        { env: { GITHUB_OUTPUT: outputDir }, timeoutMs: 30_000 }
      )
      expect(result.code).toBe(1)
      const list = `100 of 100 workflows were resumed (${ids.join(', ')}); do not resume them again.`
      const [failure] = errors(result).filter(e => e.startsWith('Could not write'))
      expect(failure).toContain(list)
      expect(summaryParagraphs(result.summary).at(-1)).toContain(list)
    } finally {
      rmSync(outputDir, { recursive: true, force: true })
    }
  })

  it('reports the resumes that were in flight on SIGTERM by what a check shows', async () => {
    const ids = ['wfl_x', 'wfl_y', 'wfl_z']
    await startWith(ids.map(id => paused(id)))
    sim.injectFault({ action: 'resume', workflowId: 'wfl_x', fault: { type: 'hang-after-apply' } })
    sim.injectFault({ action: 'resume', workflowId: 'wfl_y', fault: { type: 'hang-after-apply' } })
    sim.injectFault({ action: 'resume', workflowId: 'wfl_z', fault: { type: 'hang' } })
    const result = await run(
      { 'workflow-id': ids.join(',') },
      {
        // Cancelled once all three resumes have arrived and hang.
        onSpawn: child =>
          void Promise.all(ids.map(id => sim.arrival('resume', id))).then(() =>
            child.kill('SIGTERM')
          )
      }
    )
    expect(result.code).not.toBe(0)
    expect(results(result).map(r => [r['workflow-id'], r.resumed, r.status])).toEqual([
      ['wfl_x', true, 'active'],
      ['wfl_y', true, 'active'],
      ['wfl_z', false, 'paused']
    ])
    expect(results(result)[2]!.error).toBe(CANCELLED.inFlight('resume', 'the workflow', 'paused'))
    expect(summaryFooter(result.summary).tally).toBe('2 resumed, 1 cancelled')
    expect(summaryRow(result.summary, 'wfl_z').Result).toBe('⛔ Cancelled')
  })
})
