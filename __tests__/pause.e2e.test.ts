import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { ActionRun, runAction, runWithPost } from '../simulator/runner.js'
import {
  debugLines,
  errors,
  expectKeyOnlyMasked,
  expectNoStackTrace,
  expectOnlyOwnCommands,
  infoLines,
  log,
  notices,
  SECONDS,
  timesIn,
  warnings
} from './helpers/run-log.js'
import { summaryFooter, summaryParagraphs, summaryRow, summaryRows } from './helpers/summary.js'
import {
  answered,
  ATTEMPT,
  CANCELLED,
  CHANGED,
  CONFLICT,
  CONFLICT_CAUSE,
  DETAIL,
  FAILED,
  pending,
  quoted,
  RETRY,
  TODO,
  UNKNOWN
} from './fixtures/messages.js'

/**
 * End-to-end: the pause action's bundled main step, then its post step, spawned as the runner
 * spawns them, with the runner's hand-over of saved state (GITHUB_STATE → STATE_*).
 */

const MAIN = 'dist/pause/main.js'
const POST = 'dist/pause/post.js'
const SCRIPTS = { main: MAIN, post: POST }

let sim: DialNexaSimulator
let url: string

beforeEach(async () => {
  sim = new DialNexaSimulator({
    workflows: [
      { id: 'wfl_live', name: 'Live campaign', status: 'active', enrolled_leads: 420 },
      { id: 'wfl_legacy', name: 'Legacy', status: 'running', enrolled_leads: 64 },
      { id: 'wfl_held', name: 'Held by ops', status: 'paused', enrolled_leads: 7 },
      { id: 'wfl_draft', name: 'Draft', status: 'draft' },
      { id: 'wfl_done', name: 'Done', status: 'completed' },
      { id: 'wfl_gone', name: 'Gone', status: 'cancelled' }
    ]
  })
  url = await sim.start()
})
afterEach(() => sim.stop())

const withKey = (inputs: Record<string, string>): Record<string, string> => ({
  'api-key': SIMULATOR_API_KEY,
  'api-url': url,
  ...inputs
})
const pause = (inputs: Record<string, string>) => runAction(withKey(inputs), { script: MAIN })
const pauseThenPost = (
  inputs: Record<string, string>,
  options: Parameters<typeof runWithPost>[2] = {}
) => runWithPost(withKey(inputs), SCRIPTS, options)
const calls = (): string[] => sim.requests.map(r => `${r.method} ${r.path}`)
const results = (run: ActionRun): Array<Record<string, unknown>> =>
  JSON.parse(run.outputs.results!) as Array<Record<string, unknown>>

type SavedPause = { workflowId: string; pausedAt: number }
/** A state as the pause step saves it (see "saves every setting but the key"), with changes. */
const savedState = (
  settings: Record<string, unknown>,
  paused: SavedPause[] = [{ workflowId: 'wfl_held', pausedAt: 1 }],
  unconfirmed: string[] = []
): string =>
  JSON.stringify({
    version: 1,
    paused,
    unconfirmed,
    leftAlone: [],
    autoResume: true,
    settings: {
      apiUrl: url,
      waitForPaused: false,
      pollIntervalMs: 1000,
      waitTimeoutMs: 0,
      ignoreConflict: false,
      maxRetries: 0,
      requestTimeoutMs: 1000,
      maxParallel: 1,
      autoResume: true,
      ...settings
    }
  })

describe('the pause step', () => {
  it('pauses an active workflow and sets every output', async () => {
    const result = await pause({ 'workflow-id': 'wfl_live' })
    expect(result.code).toBe(0)
    expect(result.outputs).toEqual({
      status: 'paused',
      'enrolled-leads': '420',
      paused: 'true',
      'workflow-name': 'Live campaign',
      'would-pause': 'false',
      'opens-at': '',
      results: JSON.stringify([
        {
          'workflow-id': 'wfl_live',
          'workflow-name': 'Live campaign',
          status: 'paused',
          'enrolled-leads': 420,
          paused: true,
          'would-pause': false,
          error: null
        }
      ])
    })
    // The status is read first, so an unclear answer to the pause can be judged honestly.
    expect(calls()).toEqual(['GET /v1/workflows/wfl_live', 'POST /v1/workflows/wfl_live/pause'])
    expect(sim.workflow('wfl_live')?.status).toBe('paused')
    expect(result.summary).toContain('DialNexa workflow pause')
    expect(summaryRows(result.summary)).toEqual([
      {
        Workflow: 'wfl_live (Live campaign)',
        Result: '✅ Paused',
        Status: 'active → paused',
        'Enrolled leads': '420'
      }
    ])
    expect(summaryFooter(result.summary)).toMatchObject({
      tally: '1 paused',
      leads: { count: 420, over: 'workflows paused' },
      requests: 2,
      waits: 0
    })
    expect(result.stdout).toContain(
      `::debug::Settings: workflow-id=wfl_live api-url=${url} ignore-conflict=false max-retries=3 request-timeout=30000ms max-parallel=4 auto-resume=false`
    )
    expect(infoLines(result)).toContain(
      CHANGED('pause', 'workflow wfl_live', 'Live campaign', 'paused')
    )
    expect(warnings(result)).toEqual([])
    expectKeyOnlyMasked(result)
  })

  it('pauses a workflow in the legacy running status and reports it as paused', async () => {
    const result = await pause({ 'workflow-id': 'wfl_legacy' })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ status: 'paused', paused: 'true' })
  })

  it('succeeds with a notice and paused=false when the workflow is already paused', async () => {
    const result = await pause({ 'workflow-id': 'wfl_held', 'auto-resume': 'true' })
    expect(result.code).toBe(0)
    expect(notices(result)).toEqual([
      'Workflow wfl_held is already paused, so this step did not pause it.'
    ])
    expect(result.outputs).toMatchObject({ status: 'paused', paused: 'false' })
    expect(results(result)[0]).toMatchObject({ paused: false, error: null })
    expect(result.stdout).toContain(
      'Not resumed at the end of the job, as they were paused before this step: wfl_held.'
    )
    // Left alone, not ticked as a success: it is the one the post step will not resume.
    expect(summaryRow(result.summary, 'wfl_held')).toMatchObject({
      Result: '⏸️ Left alone: paused before',
      Status: 'paused → paused'
    })
    // No leads added up: no workflow was paused.
    expect(summaryFooter(result.summary)).toEqual({
      tally: '0 paused, 1 left alone: paused before',
      seconds: expect.any(Number),
      requests: 1,
      waits: 0
    })
    expect(errors(result)).toEqual([])
  })

  it.each([
    ['wfl_draft', CONFLICT.notAccepted('pause', 'workflow wfl_draft', 'draft')],
    ['wfl_done', CONFLICT.final('pause', 'workflow wfl_done', 'completed')],
    ['wfl_gone', CONFLICT.final('pause', 'workflow wfl_gone', 'cancelled')]
  ])('fails %s as a conflict, naming the status', async (id, what) => {
    const result = await pause({ 'workflow-id': id })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([`${what} ${CONFLICT.letPass}`])
    expect(result.outputs.paused).toBe('false')
    expectNoStackTrace(result)
  })

  it('lets a conflict pass with ignore-conflict, with a warning', async () => {
    const result = await pause({ 'workflow-id': 'wfl_done', 'ignore-conflict': 'true' })
    expect(result.code).toBe(0)
    expect(warnings(result)).toEqual([
      `${CONFLICT.final('pause', 'workflow wfl_done', 'completed')} ${CONFLICT.ignored}`
    ])
    expect(result.outputs).toMatchObject({ status: 'completed', paused: 'false' })
  })

  it('waits out a 429 with Retry-After, then pauses', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'rate-limit', retryAfter: '1' } })
    const result = await pause({ 'workflow-id': 'wfl_live' })
    expect(result.code).toBe(0)
    const [first, second] = sim.requestsFor('pause')
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950)
    // A retry that ends in success is a log line; a green run has no warning.
    const retries = infoLines(result).filter(line => line.startsWith('The pause request'))
    expect(
      retries.map(line =>
        timesIn(
          line,
          RETRY.failed('the pause request', ATTEMPT.rateLimited, 1, 3, RETRY.sendAgain(SECONDS))
        )
      )
    ).toEqual([[expect.any(Number)]])
    expect(warnings(result)).toEqual([])
  })

  it('holds back every workflow after one sees a 429: one rate-limit gate per key', async () => {
    const ids = ['wfl_a1', 'wfl_a2', 'wfl_a3']
    for (const id of ids) sim.addWorkflow({ id, status: 'active' })
    sim.injectFault({
      action: 'pause',
      workflowId: 'wfl_a1',
      fault: { type: 'rate-limit', retryAfter: '1' }
    })
    const result = await pause({ 'workflow-id': ids.join(','), 'max-parallel': '1' })
    expect(result.code).toBe(0)
    const limited = sim.requests.find(r => r.statusCode === 429)!
    const after = sim.requests.filter(r => r.at > limited.at)
    expect(after.map(r => `${r.action}:${r.workflowId}`)).toEqual([
      'pause:wfl_a1',
      'get:wfl_a2',
      'pause:wfl_a2',
      'get:wfl_a3',
      'pause:wfl_a3'
    ])
    expect(after[0]!.at - limited.at).toBeGreaterThanOrEqual(950)
  })

  it('counts an unanswered pause that took effect as paused, and resumes it at the end', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'reset', afterApply: true } })
    const { main, post } = await pauseThenPost({ 'workflow-id': 'wfl_live', 'auto-resume': 'true' })
    expect(main.code).toBe(0)
    expect(main.outputs).toMatchObject({ status: 'paused', paused: 'true' })
    expect(sim.requestsFor('pause')).toHaveLength(1)
    expect(post.code).toBe(0)
    expect(sim.workflow('wfl_live')?.status).toBe('active')
    // The post step runs with what the pause step saved, and says so.
    expect(post.stdout).toContain(
      `::debug::Settings: workflow-id=wfl_live api-url=${url} ignore-conflict=false max-retries=3 request-timeout=30000ms max-parallel=4 auto-resume=true dry-run=false already-paused=leave calling-hours= time-zone= closed-dates= outside-calling-hours=fail (saved by the pause step)`
    )
    expect(debugLines(main)).toContain(`wfl_live: ${DETAIL.confirmed['read-back']}`)
    expect(warnings(main)).toEqual([])
  })

  it.each([
    [{ 'workflow-id': '../api-keys' }, 'workflow-id'],
    [{ 'workflow-id': 'wfl_live', 'api-key': '' }, 'api-key'],
    [{ 'workflow-id': 'wfl_live', 'api-url': 'http://api.dialnexa.com/v1' }, 'api-url'],
    [{ 'workflow-id': 'wfl_live', 'auto-resume': 'yes' }, 'auto-resume'],
    [{ 'workflow-id': 'wfl_live', 'max-parallel': '0' }, 'max-parallel']
  ])(
    'rejects %j before any request, naming %s; the post step then does nothing',
    async (inputs, name) => {
      const { main, post } = await pauseThenPost({ 'auto-resume': 'true', ...inputs })
      expect(main.code).toBe(1)
      expect(errors(main)).toEqual([
        expect.stringMatching(new RegExp(`^Input '${name}' (must|is required)`))
      ])
      expect(main.state).toEqual({})
      expect(post.code).toBe(0)
      expect(post.stdout).toContain('The pause step saved no state')
      expect(errors(post)).toEqual([])
      expect(sim.requests).toEqual([])
      expectNoStackTrace(main)
    }
  )

  it('never lets server text become a workflow command, in either step', async () => {
    sim.addWorkflow({ id: 'wfl_evil', name: '::error::pwned ##[add-path]/tmp', status: 'active' })
    sim.injectFault({
      action: 'resume',
      fault: {
        type: 'error',
        status: 404,
        message: `nope\n::set-output name=x::1 ${SIMULATOR_API_KEY}`
      }
    })
    const { main, post } = await pauseThenPost({ 'workflow-id': 'wfl_evil', 'auto-resume': 'true' })
    expect(main.code).toBe(0)
    expect(post.code).toBe(1)
    for (const run of [main, post]) {
      expectOnlyOwnCommands(run)
      expectKeyOnlyMasked(run)
    }
    // Quoted, and redacted, in an annotation: the runner reads no command in it.
    expect(errors(post)[0]).toContain(answered(404, quoted('nope ::set-output name=x::1 ***')))
  })
})

describe('the post step', () => {
  it('does nothing and sends no request without auto-resume', async () => {
    const { main, post } = await pauseThenPost({ 'workflow-id': 'wfl_live' })
    expect(main.code).toBe(0)
    expect(main.stdout).toContain(
      "'auto-resume' is false, so nothing is resumed at the job's end. Still paused by this step: wfl_live; resume it with the resume action."
    )
    expect(post.code).toBe(0)
    expect(calls()).toEqual(['GET /v1/workflows/wfl_live', 'POST /v1/workflows/wfl_live/pause'])
    expect(sim.workflow('wfl_live')?.status).toBe('paused')
    expect(post.summary).toBe('')
    expect(post.stdout).not.toContain('add-mask')
  })

  it('resumes after a failing deploy, and says for how long dialling was paused', async () => {
    const mainStartedAt = Date.now()
    let deployEndedAt = Infinity
    const { main, post } = await pauseThenPost(
      { 'workflow-id': 'wfl_live', 'auto-resume': 'true' },
      {
        // The deploy step fails; post-if: always() runs the post step regardless.
        between: async () => {
          await new Promise(resolve => setTimeout(resolve, 1100))
          deployEndedAt = Date.now()
        }
      }
    )
    expect(main.code).toBe(0)
    expect(main.stdout).toContain('At the end of the job, the post step resumes: wfl_live.')
    expect(post.code).toBe(0)
    expect(sim.workflow('wfl_live')?.status).toBe('active')
    expect(calls()).toEqual([
      'GET /v1/workflows/wfl_live',
      'POST /v1/workflows/wfl_live/pause',
      'GET /v1/workflows/wfl_live',
      'POST /v1/workflows/wfl_live/resume'
    ])
    const [paused] = sim.requestsFor('pause')
    const [resumed] = sim.requestsFor('resume')
    // From when the pause was sent to when the resume was: each left after its step started and
    // arrived after it left, so these bounds hold however slowly a busy machine runs.
    const { pausedAt } = JSON.parse(main.state.pause!).paused[0] as { pausedAt: number }
    expect(pausedAt).toBeGreaterThanOrEqual(mainStartedAt)
    expect(pausedAt).toBeLessThanOrEqual(paused!.at)
    const span = /Dialling for wfl_live was paused for (\d+(?:\.\d+)?) s\./.exec(post.stdout)
    const spanMs = Number(span?.[1]) * 1000
    expect(spanMs).toBeGreaterThanOrEqual(1100)
    // 5 ms either way: the span is printed to a hundredth of a second.
    expect(spanMs).toBeGreaterThanOrEqual(deployEndedAt - pausedAt - 5)
    expect(spanMs).toBeLessThanOrEqual(resumed!.at - pausedAt + 5)
    expect(post.summary).toContain('DialNexa: dialling resumed at the end of the job')
    // The same span as the log line.
    expect(summaryRows(post.summary)).toEqual([
      {
        Workflow: 'wfl_live (Live campaign)',
        Result: '✅ Resumed',
        'Paused for': `${span?.[1]} s`
      }
    ])
    expect(summaryFooter(post.summary)).toMatchObject({
      tally: '1 resumed',
      leads: { count: 420, over: 'workflows resumed' },
      requests: 2,
      waits: 0
    })
    expect(post.outputs).toEqual({})
    expectKeyOnlyMasked(post)
    expectKeyOnlyMasked(main)
  })

  it('times the pause from when it took effect, though its answer was lost and a read after a wait confirmed it', async () => {
    sim.injectFault({
      action: 'pause',
      fault: {
        type: 'raw',
        status: 503,
        body: '{}',
        headers: { 'Retry-After': '1' },
        afterApply: true
      }
    })
    let mainEndedAt = Infinity
    const { main, post } = await pauseThenPost(
      { 'workflow-id': 'wfl_live', 'auto-resume': 'true' },
      { between: () => void (mainEndedAt = Date.now()) }
    )
    expect(debugLines(main)).toContain(`wfl_live: ${DETAIL.confirmed['read-back']}`)
    expect(post.code).toBe(0)
    const [paused] = sim.statusChanges.filter(c => c.to === 'paused')
    const [resumed] = sim.statusChanges.filter(c => c.to === 'active')
    // The read came after the wait Retry-After asked for; the pause took effect before it.
    expect(resumed!.at - paused!.at).toBeGreaterThanOrEqual(1000)
    // Timed from when the pause was sent, before it took effect, not from the read that
    // confirmed it a second later; these bounds hold however slowly a busy machine runs.
    const { pausedAt } = JSON.parse(main.state.pause!).paused[0] as { pausedAt: number }
    expect(pausedAt).toBeLessThanOrEqual(paused!.at)
    const span = /Dialling for wfl_live was paused for (\d+(?:\.\d+)?) s\./.exec(post.stdout)
    const spanMs = Number(span?.[1]) * 1000
    // The resume was sent once the main step had ended, before it took effect; 5 ms either way
    // for the hundredths.
    expect(spanMs).toBeGreaterThanOrEqual(mainEndedAt - pausedAt - 5)
    expect(spanMs).toBeLessThanOrEqual(resumed!.at - pausedAt + 5)
  })

  it('saves every setting but the key, and reads none of them again', async () => {
    const { main, post } = await pauseThenPost(
      { 'workflow-id': 'wfl_live', 'auto-resume': 'true', 'max-retries': '0' },
      {
        between: () =>
          sim.injectFault({ action: 'resume', fault: { type: 'error', status: 503 }, times: 5 }),
        // What a composite action may hand the post step: another step's inputs.
        postInputs: {
          'workflow-id': 'wfl_held',
          'api-key': SIMULATOR_API_KEY,
          'api-url': 'http://127.0.0.1:9/v1',
          'max-retries': 'lots',
          'auto-resume': 'false'
        }
      }
    )
    expect(Object.keys(main.state)).toEqual(['pause'])
    expect(JSON.parse(main.state.pause!)).toEqual({
      version: 1,
      paused: [{ workflowId: 'wfl_live', pausedAt: expect.any(Number) }],
      unconfirmed: [],
      leftAlone: [],
      autoResume: true,
      // Every setting, those the pause action has no input for at their fixed values.
      settings: {
        apiUrl: url,
        waitForPaused: false,
        pollIntervalMs: 1000,
        waitTimeoutMs: 0,
        ignoreConflict: false,
        maxRetries: 0,
        requestTimeoutMs: 30_000,
        maxParallel: 4,
        autoResume: true,
        dryRun: false,
        alreadyPaused: 'leave',
        closedDates: [],
        outsideCallingHours: 'fail'
      }
    })
    // The saved URL, ID and max-retries=0: the first read, one resume, then the read-back, and
    // no retry.
    expect(post.code).toBe(1)
    expect(sim.requests.map(r => `${r.action}:${r.workflowId}:${r.statusCode}`)).toEqual([
      'get:wfl_live:200',
      'pause:wfl_live:200',
      'get:wfl_live:200',
      'resume:wfl_live:503',
      'get:wfl_live:200'
    ])
    // max-retries=0, as saved, not the post step's own 'lots'.
    // A 503 does not say whether the API acted; read back still paused, it may still resume.
    const cause = answered(503, quoted('Service Unavailable'))
    expect(errors(post)).toEqual([pending('resume', 'workflow wfl_live', 503, 'paused', cause)])
    expect(summaryRow(post.summary, 'wfl_live')).toMatchObject({
      Result: '❓ May have been resumed: check it',
      Reason: `${cause}, and it still reads as paused`
    })
    expectNoStackTrace(post)
  })

  it('fails clearly, listing what is left paused, when the key is missing', async () => {
    const { post } = await pauseThenPost(
      { 'workflow-id': 'wfl_live,wfl_legacy', 'auto-resume': 'true' },
      { postInputs: { 'workflow-id': 'wfl_live,wfl_legacy', 'api-key': '' } }
    )
    expect(post.code).toBe(1)
    expect(errors(post)).toEqual([
      expect.stringMatching(
        /^Input 'api-key' is required and must not be empty: .* nothing was resumed\. Still paused by this step: wfl_live, wfl_legacy; resume them with the resume action\.$/
      )
    ])
    expect(sim.requestsFor('resume')).toEqual([])
    expectNoStackTrace(post)
  })

  it('lists every workflow left paused, however many, when the key is missing', async () => {
    // As the pause step saves them: 100 IDs (the most one step takes), 40 characters each.
    const ids = Array.from(
      { length: 100 },
      (_, i) => `wfl_eu_spring_campaign_${String(i).padStart(17, '0')}`
    )
    const unconfirmed = ['wfl_unanswered_a', 'wfl_unanswered_b']
    const state = savedState(
      { maxParallel: 4 },
      ids.map(workflowId => ({ workflowId, pausedAt: Date.now() })),
      unconfirmed
    )
    const post = await runAction(withKey({ 'api-key': '' }), {
      script: POST,
      state: { pause: state }
    })
    expect(post.code).toBe(1)
    const list = `Still paused by this step: ${ids.join(', ')}; resume them with the resume action. Their pause went unanswered, so these may be paused: ${unconfirmed.join(', ')}; check them, and resume what is paused with the resume action.`
    expect(errors(post)).toEqual([expect.stringMatching(/^Input 'api-key' is required/)])
    expect(errors(post)[0]).toContain(list)
    // The summary's copy of the error is whole too.
    expect(summaryParagraphs(post.summary)).toEqual([expect.stringContaining(list)])
    expect(sim.requests).toEqual([])
  })

  it('resumes exactly the workflows this step paused, never one paused before it', async () => {
    const { main, post } = await pauseThenPost({
      'workflow-id': 'wfl_live\nwfl_held\nwfl_legacy',
      'auto-resume': 'true'
    })
    expect(main.code).toBe(0)
    expect(results(main).map(r => r.paused)).toEqual([true, false, true])
    expect(notices(main)).toEqual([expect.stringMatching(/^\[wfl_held\] The workflow is already/)])
    expect(main.outputs.paused).toBe('false')
    expect(post.code).toBe(0)
    expect(
      sim
        .requestsFor('resume')
        .map(r => r.workflowId)
        .sort()
    ).toEqual(['wfl_legacy', 'wfl_live'])
    expect(sim.workflow('wfl_held')?.status).toBe('paused')
    expect(summaryRows(post.summary).map(r => [r.Workflow, r.Result])).toEqual([
      ['wfl_live (Live campaign)', '✅ Resumed'],
      ['wfl_legacy (Legacy)', '✅ Resumed']
    ])
    expect(summaryParagraphs(post.summary)).toContain(
      'Left paused, as they were paused before the pause step: wfl_held'
    )
    expect(post.stdout).toContain('Resumed 2 of 2 workflows; 0 failed.')
  })

  it('lists every workflow it left paused in its summary, however many', async () => {
    const held = Array.from({ length: 12 }, (_, i) => `wfl_m3v7zb9rk2p${i}`)
    for (const id of held) sim.addWorkflow({ id, status: 'paused' })
    const { post } = await pauseThenPost({
      'workflow-id': ['wfl_live', ...held].join('\n'),
      'auto-resume': 'true'
    })
    expect(post.code).toBe(0)
    expect(summaryParagraphs(post.summary)).toContain(
      `Left paused, as they were paused before the pause step: ${held.join(', ')}`
    )
  })

  it('says so at info level when someone resumed the workflow already', async () => {
    const { post } = await pauseThenPost(
      { 'workflow-id': 'wfl_live', 'auto-resume': 'true' },
      { between: () => sim.setStatus('wfl_live', 'active') }
    )
    expect(post.code).toBe(0)
    expect(post.stdout).toContain(
      'Workflow wfl_live is already active, so this step did not resume it.'
    )
    expect(warnings(post)).toEqual([])
    expect(notices(post)).toEqual([])
    expect(summaryRow(post.summary, 'wfl_live').Result).toBe(
      'ℹ️ Already active: resumed by someone else'
    )
  })

  it('says a workflow the pause step paused and that is now not found was most likely deleted', async () => {
    const { post } = await pauseThenPost(
      { 'workflow-id': 'wfl_live', 'auto-resume': 'true', 'max-retries': '0' },
      {
        between: () =>
          sim.injectFault({
            action: 'get',
            workflowId: 'wfl_live',
            fault: { type: 'error', status: 404 }
          })
      }
    )
    expect(post.code).toBe(1)
    // The pause step read and paused it: the ID was right, so the 404 is not about 'workflow-id'.
    expect(errors(post)).toEqual([
      FAILED.line('resume', 'workflow wfl_live', {
        cause: answered(404, quoted('Not Found')),
        todo: TODO.deleted
      })
    ])
    expect(log(post)).not.toContain("Check 'workflow-id'")
  })

  it('warns, without fighting it, about a workflow cancelled meanwhile', async () => {
    const { post } = await pauseThenPost(
      { 'workflow-id': 'wfl_live', 'auto-resume': 'true' },
      { between: () => sim.setStatus('wfl_live', 'cancelled') }
    )
    expect(post.code).toBe(0)
    expect(warnings(post)).toEqual([
      `${CONFLICT.final('resume', 'workflow wfl_live', 'cancelled')} ${CONFLICT.leftAlone}`
    ])
    // The first read shows it final, so no resume is sent.
    expect(sim.requestsFor('resume')).toEqual([])
    expect(sim.workflow('wfl_live')?.status).toBe('cancelled')
  })

  it.each([
    [
      'still reads as paused',
      [],
      CONFLICT.stillReads('resume', 'workflow wfl_live', 'paused', quoted('Conflict'))
    ],
    [
      'cannot be read',
      [{ action: 'get', fault: { type: 'error', status: 500 }, times: 9 } as const],
      CONFLICT.unread('resume', 'workflow wfl_live', quoted('Conflict'))
    ]
  ])(
    'never lets the pause step’s ignore-conflict wave through a refused resume of a workflow that %s',
    async (_what, moreFaults, said) => {
      const { post } = await pauseThenPost(
        { 'workflow-id': 'wfl_live', 'auto-resume': 'true', 'ignore-conflict': 'true' },
        {
          between: () => {
            sim.injectFault({ action: 'resume', fault: { type: 'error', status: 409 } })
            // The post step's first read gets through; the read after the 409 does not.
            if (moreFaults.length > 0)
              sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 } })
            for (const fault of moreFaults) sim.injectFault(fault)
          }
        }
      )
      expect(sim.workflow('wfl_live')?.status).toBe('paused')
      expect(post.code).toBe(1)
      expect(errors(post)).toEqual([`${said} ${CONFLICT.checkFirst}`])
      expect(warnings(post)).toEqual([])
      expect(summaryRow(post.summary, 'wfl_live')).toMatchObject({
        Result: '❌ Failed: still paused',
        'Paused for': expect.stringMatching(/^still paused, \d+(\.\d+)? s so far$/)
      })
      expect(post.summary).not.toContain('no longer paused')
    }
  )

  it('never calls a workflow still paused in its summary when the post step read another status', async () => {
    const { post } = await pauseThenPost(
      { 'workflow-id': 'wfl_live', 'auto-resume': 'true' },
      { between: () => sim.setStatus('wfl_live', 'draft') }
    )
    expect(post.code).toBe(1)
    expect(errors(post)).toEqual([
      `${CONFLICT.notAccepted('resume', 'workflow wfl_live', 'draft')} ${CONFLICT.letPass}`
    ])
    expect(post.summary).not.toContain('still paused')
    expect(summaryRows(post.summary)).toEqual([
      {
        Workflow: 'wfl_live (Live campaign)',
        Result: '❌ Failed: status draft',
        'Paused for': 'no longer paused: draft',
        Reason: CONFLICT_CAUSE.notAccepted('resume', 'draft')
      }
    ])
  })

  it('never calls a workflow still paused in its summary when it was most likely deleted', async () => {
    // Deleted after the pause step: the post step's read finds nothing.
    const { post } = await pauseThenPost(
      { 'workflow-id': 'wfl_live', 'auto-resume': 'true' },
      { between: () => sim.injectFault({ action: 'get', fault: { type: 'error', status: 404 } }) }
    )
    expect(post.code).toBe(1)
    expect(errors(post)[0]).toContain(TODO.deleted)
    expect(post.summary).not.toContain('still paused')
    expect(summaryRows(post.summary)).toEqual([
      {
        Workflow: 'wfl_live',
        Result: '❌ Failed: not found',
        'Paused for': 'not found: most likely deleted',
        Reason: answered(404, quoted('Not Found'))
      }
    ])
  })

  it('fails with the resume action’s clear error when the resume fails', async () => {
    const { post } = await pauseThenPost(
      { 'workflow-id': 'wfl_live', 'auto-resume': 'true' },
      { postInputs: { 'api-key': 'dnx_test_revoked' } }
    )
    expect(post.code).toBe(1)
    const cause = answered(401, quoted('Invalid or missing API key'))
    expect(errors(post)).toEqual([
      FAILED.line('resume', 'workflow wfl_live', { cause, todo: TODO[401] })
    ])
    expect(sim.workflow('wfl_live')?.status).toBe('paused')
    expect(summaryRow(post.summary, 'wfl_live')).toMatchObject({
      Result: '❌ Failed: still paused',
      Reason: cause
    })
    // Its heading must not say what did not happen.
    expect(post.summary).toContain(
      '<h3>DialNexa: not every workflow was resumed at the end of the job</h3>'
    )
    expect(post.summary).not.toContain('dialling resumed')
    expect(
      log(post)
        .split('\n')
        .filter(line => line.includes('dnx_test_revoked'))
    ).toEqual(['::add-mask::dnx_test_revoked'])
  })

  it('with several workflows, gives each failure its own titled error, and its reason in the summary', async () => {
    const { post } = await pauseThenPost(
      { 'workflow-id': 'wfl_live,wfl_legacy', 'auto-resume': 'true', 'max-retries': '0' },
      {
        between: () =>
          sim.injectFault({
            action: 'resume',
            workflowId: 'wfl_legacy',
            fault: { type: 'error', status: 500, message: 'db <down>' }
          })
      }
    )
    expect(post.code).toBe(1)
    // "See the errors above" must have errors above it: one per failed workflow, titled.
    const cause = answered(500, quoted('db <down>'))
    expect(log(post)).toContain(
      `::error title=Workflow wfl_legacy (Legacy)::${pending('resume', 'the workflow', 500, 'paused', cause)}`
    )
    expect(errors(post)).toEqual([
      expect.stringContaining(answered(500)),
      '1 of 2 workflows failed; see the errors above.'
    ])
    // Why it is still paused, beside the row that says so, failures first: the cause from the
    // first sentence, escaped; what to do only in the annotation above.
    expect(post.summary).not.toContain('<down>')
    expect(summaryRows(post.summary)).toEqual([
      {
        Workflow: 'wfl_legacy (Legacy)',
        Result: '❓ May have been resumed: check it',
        'Paused for': '—',
        Reason: `${cause}, and it still reads as paused`
      },
      {
        Workflow: 'wfl_live (Live campaign)',
        Result: '✅ Resumed',
        'Paused for': expect.stringMatching(/^\d+(\.\d+)? s$/),
        Reason: '—'
      }
    ])
    expect(summaryFooter(post.summary).tally).toBe('1 resumed, 1 may have been resumed')
  })

  it('with nothing paused by the step, sends no request', async () => {
    const { post } = await pauseThenPost({ 'workflow-id': 'wfl_held', 'auto-resume': 'true' })
    expect(post.code).toBe(0)
    expect(post.stdout).toContain(
      'The pause step paused no workflow, so there is nothing to resume.'
    )
    expect(sim.requestsFor('resume')).toEqual([])
  })
})

describe('a state file that cannot be written', () => {
  it('fails plainly, naming what stays paused, and still reports the pause', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'unwritable-state-'))
    try {
      // A directory: appending to it fails as an unwritable file would (EISDIR).
      const result = await runAction(
        withKey({ 'workflow-id': 'wfl_live', 'auto-resume': 'true' }),
        {
          script: MAIN,
          env: { GITHUB_STATE: stateDir }
        }
      )
      expect(result.code).toBe(1)
      expect(sim.workflow('wfl_live')?.status).toBe('paused')
      expect(errors(result)[0]).toMatch(
        /^Could not save the pause step's state \(GITHUB_STATE\): .*EISDIR.*, so the post step will resume nothing\. Still paused by this step: wfl_live; resume it with the resume action\.$/
      )
      expect(log(result)).not.toContain('Unexpected failure')
      expect(log(result)).not.toContain('the post step resumes')
      expect(result.outputs.paused).toBe('true')
      expect(summaryRow(result.summary, 'wfl_live').Result).toBe('✅ Paused')
      // The summary may be all the on-call person reads: it says what stays paused, too.
      expect(result.summary).toMatch(
        /<p>Could not save the pause step&#39;s state \(GITHUB_STATE\): .*EISDIR.*, so the post step will resume nothing\. Still paused by this step: wfl_live; resume it with the resume action\.<\/p>/
      )
      expectNoStackTrace(result)
    } finally {
      rmSync(stateDir, { recursive: true, force: true })
    }
  })

  it('names every workflow it leaves paused, however many', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `wfl_m3v7zb9rk${String(i).padStart(3, '0')}`)
    for (const id of ids) sim.addWorkflow({ id, status: 'active' })
    const stateDir = mkdtempSync(join(tmpdir(), 'unwritable-state-'))
    try {
      const result = await runAction(
        withKey({ 'workflow-id': ids.join(','), 'auto-resume': 'true', 'max-parallel': '20' }),
        { script: MAIN, env: { GITHUB_STATE: stateDir }, timeoutMs: 30_000 }
      )
      expect(result.code).toBe(1)
      const [failure] = errors(result).filter(e => e.startsWith('Could not save'))
      expect(failure).toContain(`Still paused by this step: ${ids.join(', ')}; resume them`)
      expect(result.summary).toContain(`Still paused by this step: ${ids.join(', ')}; resume them`)
    } finally {
      rmSync(stateDir, { recursive: true, force: true })
    }
  })
})

describe('a cancelled job', () => {
  it('still hands the post step what the pause step paused, or sent, before it stopped', async () => {
    sim.addWorkflow({ id: 'wfl_slow', status: 'active' })
    sim.injectFault({ action: 'pause', workflowId: 'wfl_slow', fault: { type: 'hang' } })
    const { main, post } = await pauseThenPost(
      { 'workflow-id': 'wfl_live,wfl_slow,wfl_legacy', 'auto-resume': 'true', 'max-parallel': '1' },
      {
        onSpawn: child => {
          // Only the main step is cancelled; post-if: always() still runs the post step.
          // Cancelled while wfl_slow's pause hangs, the one after wfl_live's.
          if (sim.requestsFor('pause').length === 0)
            void sim.arrival('pause', 'wfl_slow').then(() => child.kill('SIGTERM'))
        }
      }
    )
    expect(main.code).not.toBe(0)
    expect(results(main).map(r => r.paused)).toEqual([true, false, false])
    // wfl_slow's pause was sent and never answered; wfl_legacy's was never sent.
    expect(sim.requestsFor('pause').map(r => r.workflowId)).toEqual(['wfl_live', 'wfl_slow'])
    // The check after the cancellation read wfl_slow as still active, but its pause was sent
    // and never answered, so it may yet apply: the post step checks it.
    expect(results(main)[1]!.error).toBe(CANCELLED.inFlight('pause', 'the workflow', 'active'))
    expect(JSON.parse(main.state.pause!)).toMatchObject({
      paused: [{ workflowId: 'wfl_live', pausedAt: expect.any(Number) }],
      unconfirmed: ['wfl_slow']
    })
    expect(post.code).toBe(0)
    expect(sim.requestsFor('resume').map(r => r.workflowId)).toEqual(['wfl_live'])
    expect(sim.workflow('wfl_live')?.status).toBe('active')
    // The hung pause never took effect, so the resume found nothing to do: no change was made.
    expect(sim.statusChanges.map(c => `${c.workflowId}:${c.to}`)).toEqual([
      'wfl_live:paused',
      'wfl_live:active'
    ])
    expect(sim.workflow('wfl_legacy')?.status).toBe('running')
  })

  it('resumes at the end a pause that the API applied after the check that followed the cancellation', async () => {
    sim.addWorkflow({ id: 'wfl_late', status: 'active' })
    // The pause is held until the check after the cancellation (the second read) has been
    // answered with active; only then does the API apply it, as a slow backend may.
    sim.injectFault({
      action: 'pause',
      workflowId: 'wfl_late',
      fault: { type: 'wait-for', event: sim.arrival('get', 'wfl_late', 2) }
    })
    const { main, post } = await pauseThenPost(
      { 'workflow-id': 'wfl_late', 'auto-resume': 'true' },
      {
        onSpawn: child => {
          if (sim.requestsFor('pause').length === 0)
            void sim.arrival('pause', 'wfl_late').then(() => child.kill('SIGTERM'))
        }
      }
    )
    expect(main.code).not.toBe(0)
    expect(main.outputs.paused).toBe('false')
    expect(JSON.parse(main.state.pause!)).toMatchObject({ paused: [], unconfirmed: ['wfl_late'] })
    // Applied late, after the main step's check: without the hand-over it would stay paused.
    expect(sim.statusChanges.map(c => `${c.workflowId}:${c.to}`)).toEqual([
      'wfl_late:paused',
      'wfl_late:active'
    ])
    expect(post.code).toBe(0)
    expect(sim.requestsFor('resume').map(r => r.workflowId)).toEqual(['wfl_late'])
    expect(sim.workflow('wfl_late')?.status).toBe('active')
  })

  it('checks a pause cancelled while its answer was awaited, and resumes it at the end', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'hang-after-apply' } })
    const { main, post } = await pauseThenPost(
      { 'workflow-id': 'wfl_live', 'auto-resume': 'true' },
      {
        onSpawn: child => {
          if (sim.requestsFor('pause').length === 0)
            void sim.arrival('pause', 'wfl_live').then(() => child.kill('SIGTERM'))
        }
      }
    )
    // The one bounded check after the cancellation shows the pause took effect: it was paused.
    expect(main.code).toBe(0)
    expect(sim.requestsFor('pause')).toHaveLength(1)
    expect(main.outputs.paused).toBe('true')
    expect(debugLines(main)).toContain(`wfl_live: ${DETAIL.confirmed['check-after-cancel']}`)
    expect(JSON.parse(main.state.pause!)).toMatchObject({
      paused: [{ workflowId: 'wfl_live', pausedAt: expect.any(Number) }],
      unconfirmed: []
    })
    expect(post.code).toBe(0)
    expect(sim.requestsFor('resume').map(r => r.workflowId)).toEqual(['wfl_live'])
    expect(sim.workflow('wfl_live')?.status).toBe('active')
    expect(summaryRow(post.summary, 'wfl_live').Result).toBe('✅ Resumed')
  })
})

describe('a pause whose answer was lost', () => {
  /** The first read gets through; the read-back after the lost answer does not. */
  const failReadBack = (): void => {
    sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 } })
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 503 } })
  }

  it('is resumed at the end when it took effect, though it could not be read back', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'error-after-apply', status: 503 } })
    failReadBack()
    const { main, post } = await pauseThenPost({
      'workflow-id': 'wfl_live',
      'auto-resume': 'true',
      'max-retries': '0'
    })
    expect(main.code).toBe(1)
    expect(main.outputs.paused).toBe('false')
    expect(errors(main)).toEqual([
      UNKNOWN.unanswered('pause', 'workflow wfl_live', ATTEMPT.serverError(503))
    ])
    expect(JSON.parse(main.state.pause!)).toMatchObject({ paused: [], unconfirmed: ['wfl_live'] })
    expect(post.code).toBe(0)
    expect(sim.workflow('wfl_live')?.status).toBe('active')
    expect(post.stdout).toContain('Resumed workflow wfl_live')
  })

  it('is left as it is when it did not take effect: the resume finds it active', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'error', status: 503 } })
    failReadBack()
    const { main, post } = await pauseThenPost({
      'workflow-id': 'wfl_live',
      'auto-resume': 'true',
      'max-retries': '0'
    })
    expect(main.code).toBe(1)
    expect(post.code).toBe(0)
    expect(sim.workflow('wfl_live')?.status).toBe('active')
    expect(sim.statusChanges).toEqual([])
    expect(warnings(post)).toEqual([])
    expect(summaryRow(post.summary, 'wfl_live').Result).toBe(
      'ℹ️ Not paused: its pause did not take effect, or someone resumed it'
    )
  })

  it('with auto-resume false, tells the user to check it', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'error-after-apply', status: 503 } })
    failReadBack()
    const { main, post } = await pauseThenPost({ 'workflow-id': 'wfl_live', 'max-retries': '0' })
    expect(main.stdout).toContain(
      "'auto-resume' is false, so nothing is resumed at the job's end. Their pause went unanswered, so these may be paused: wfl_live; check it, and resume what is paused with the resume action."
    )
    expect(post.code).toBe(0)
    expect(sim.requestsFor('resume')).toEqual([])
  })
})

describe('a post step handed a state it cannot use', () => {
  it('reads a state as the pause step saves it, and resumes what it lists', async () => {
    // Without this, a refusal below could be of a state that was never readable at all.
    const post = await runAction(withKey({}), { script: POST, state: { pause: savedState({}) } })
    expect(post.code).toBe(0)
    expect(sim.requestsFor('resume').map(r => r.workflowId)).toEqual(['wfl_held'])
  })

  // The state is our own JSON: a shape and version check, with no input's wording, refuses what
  // would hang the step, change the request, or send the key in clear text.
  it.each([
    ['max-parallel 0', () => savedState({ maxParallel: 0 })],
    ['a negative request-timeout', () => savedState({ requestTimeoutMs: -1 })],
    [
      'an endless request-timeout',
      () => savedState({}).replace('"requestTimeoutMs":1000', '"requestTimeoutMs":1e400')
    ],
    ['max-retries 1.5', () => savedState({ maxRetries: 1.5 })],
    ['a plain-http api-url', () => savedState({ apiUrl: 'http://api.dialnexa.com/v1' })],
    ['an ID that is a path', () => savedState({}, [{ workflowId: '../keys', pausedAt: 1 }])],
    [
      'a time that is not a number',
      () => savedState({}).replace('"pausedAt":1', '"pausedAt":"yesterday"')
    ],
    ['a state of another version', () => savedState({}).replace('"version":1', '"version":2')],
    ['text that is not JSON', () => '{not json'],
    ['JSON of another shape', () => '[]']
  ])('refuses %s clearly, sending no request', async (_what, state) => {
    const post = await runAction(withKey({}), { script: POST, state: { pause: state() } })
    expect(post.code).toBe(1)
    const [error, ...more] = errors(post)
    expect(more).toEqual([])
    expect(error).toBe(
      "The pause step's saved state cannot be read, so nothing was resumed. Resume the workflows its log names with the resume action."
    )
    expect(post.stderr).toBe('')
    expect(sim.requests).toEqual([])
    expectNoStackTrace(post)
  })
})
