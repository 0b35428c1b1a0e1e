import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { PAUSE, simulatorInputs, startPausedAndActive } from './helpers/paused-and-active.js'
import { runAction, runWithPost } from '../simulator/runner.js'
import {
  errors,
  expectKeyOnlyMasked,
  infoLines,
  log,
  notices,
  warnings
} from './helpers/run-log.js'
import {
  already,
  ALREADY_PAUSED,
  answered,
  ATTEMPT,
  CONFLICT,
  FAILED,
  pending,
  quoted,
  SUMMARY,
  TODO,
  WAIT_TIMEOUT
} from './fixtures/messages.js'

/**
 * Issue 16 through the bundle on Node 24: what the step says is what happened, for resume,
 * pause and the post step alike.
 */

let sim: DialNexaSimulator
let url: string

beforeEach(async () => {
  ;({ sim, url } = await startPausedAndActive())
})
afterEach(() => sim.stop())

const inputs = (more: Record<string, string>) => simulatorInputs(url, more)
const run = (more: Record<string, string>, options?: Parameters<typeof runAction>[1]) =>
  runAction(inputs(more), options)

describe('an answer that does not say what happened is read back', () => {
  it('reports a resume applied behind a 303 without Location as resumed', async () => {
    sim.injectFault({
      action: 'resume',
      fault: { type: 'redirect', status: 303, afterApply: true }
    })
    const result = await run({ 'workflow-id': 'wfl_p' })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ status: 'active', resumed: 'true' })
    expect(sim.requestsFor('resume')).toHaveLength(1)
    expect(sim.requestsFor('get')).toHaveLength(2)
  })

  it('says a 303 not applied may still change, never that it was not resumed', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'redirect', status: 303 } })
    const result = await run({ 'workflow-id': 'wfl_p', 'max-retries': '0' })
    expect(result.code).toBe(1)
    expect(result.outputs.resumed).toBe('false')
    expect(errors(result)).toEqual([pending('resume', 'workflow wfl_p', 303, 'paused')])
    expect(errors(result)[0]).not.toContain('was not resumed')
  })

  it('says a 202 whose record still shows paused may still change', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'accepted-late', applyOnRequest: 3 } })
    const result = await run({ 'workflow-id': 'wfl_p' })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([pending('resume', 'workflow wfl_p', 202, 'paused')])
  })

  it('hands an unclear pause to the post step, which resumes it once it applied', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'accepted-late', applyOnRequest: 2 } })
    const { main, post } = await runWithPost(
      inputs({ 'workflow-id': 'wfl_a', 'auto-resume': 'true' }),
      PAUSE
    )
    expect(main.code).toBe(1)
    expect(JSON.parse(main.state.pause!).unconfirmed).toEqual(['wfl_a'])
    expect(post.code).toBe(0)
    expect(sim.requestsFor('resume')).toHaveLength(1)
    expect(sim.workflow('wfl_a')?.status).toBe('active')
  })
})

describe("'ignore-conflict' covers conflicts, not failures", () => {
  it('fails a 409 while the workflow still reads as paused, quoting the API', async () => {
    sim.injectFault({
      action: 'resume',
      fault: { type: 'error', status: 409, message: 'Workflow is locked by an import' }
    })
    const result = await run({ 'workflow-id': 'wfl_p', 'ignore-conflict': 'true' })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      `${CONFLICT.stillReads('resume', 'workflow wfl_p', 'paused', quoted('Workflow is locked by an import'))} ${CONFLICT.checkFirst}`
    ])
    expect(warnings(result)).toEqual([])
  })

  it('fails a wait whose polls all failed, whatever ignore-conflict says', async () => {
    sim.setStatus('wfl_p', 'active')
    // The first read answers active; every poll after it gets a 503.
    sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 } })
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 503 }, times: 100 })
    const result = await run({
      'workflow-id': 'wfl_p',
      'wait-for-paused': 'true',
      'wait-timeout': '2',
      'poll-interval': '0.2',
      'ignore-conflict': 'true'
    })
    expect(result.code).toBe(1)
    expect(result.outputs.resumed).toBe('false')
    expect(warnings(result).filter(w => w.includes('ignore-conflict'))).toEqual([])
    // It says the last read failed, and names only the input that can help.
    const [error] = errors(result)
    expect(error).toContain(WAIT_TIMEOUT.lastReadFailed(ATTEMPT.serverError(503)))
    expect(error).toMatch(new RegExp(`\\. ${WAIT_TIMEOUT.raiseOnly}$`))
    expect(error).not.toContain('ignore-conflict')
    expect(sim.requestsFor('get').length).toBeGreaterThan(1)
    expect(sim.requestsFor('resume')).toEqual([])
  })
})

describe('a wait never outlasts wait-timeout, the first read included', () => {
  it('stops at once when the first read asks for a Retry-After past wait-timeout', async () => {
    sim.injectFault({ action: 'get', fault: { type: 'rate-limit', retryAfter: '30' } })
    const result = await run({
      'workflow-id': 'wfl_p',
      'wait-for-paused': 'true',
      'wait-timeout': '2'
    })
    expect(result.code).toBe(1)
    expect(sim.requestsFor('get')).toHaveLength(1)
    expect(errors(result)[0]).toContain(`${FAILED.waitCut}. ${FAILED.waitCutTodo}`)
  })
})

describe('a re-run never leaves dialling off without saying so', () => {
  it('warns on attempt 2 that an already paused workflow stays paused, naming adopt', async () => {
    sim.setStatus('wfl_a', 'paused')
    const result = await run(
      { 'workflow-id': 'wfl_a' },
      { script: PAUSE.main, env: { GITHUB_RUN_ATTEMPT: '2' } }
    )
    expect(result.code).toBe(0)
    expect(result.outputs.paused).toBe('false')
    expect(warnings(result)).toHaveLength(1)
    expect(warnings(result)).toEqual([ALREADY_PAUSED.onReRun('workflow wfl_a', 2)])
  })

  it('keeps the notice on a first attempt', async () => {
    sim.setStatus('wfl_a', 'paused')
    const result = await run({ 'workflow-id': 'wfl_a' }, { script: PAUSE.main })
    expect(warnings(result)).toEqual([])
    expect(notices(result)).toEqual([already('pause', 'workflow wfl_a', 'paused')])
  })

  it('adopts an already paused workflow and resumes it at the end of the job', async () => {
    sim.setStatus('wfl_a', 'paused')
    const { main, post } = await runWithPost(
      inputs({ 'workflow-id': 'wfl_a', 'auto-resume': 'true', 'already-paused': 'adopt' }),
      PAUSE
    )
    expect(main.code).toBe(0)
    expect(main.outputs.paused).toBe('true')
    expect(main.summary).toContain(SUMMARY.adoptedInPause)
    expect(infoLines(main)).toContain(ALREADY_PAUSED.adopted('workflow wfl_a'))
    expect(sim.requestsFor('pause')).toEqual([])
    expect(post.code).toBe(0)
    expect(sim.workflow('wfl_a')?.status).toBe('active')
  })
})

describe('the key never goes where it does not belong', () => {
  it('refuses the key pasted into workflow-id before any request, never quoting it', async () => {
    const result = await run({
      'workflow-id': SIMULATOR_API_KEY,
      'api-key': 'wfl_p_long_enough_key'
    })
    expect(result.code).toBe(1)
    expect(sim.requests).toEqual([])
    expect(errors(result)[0]).toContain("Input 'workflow-id'")
    expect(log(result)).not.toContain(SIMULATOR_API_KEY.slice(9))
  })

  it('redacts a key the server splits across message parts', async () => {
    const key = SIMULATOR_API_KEY
    sim.injectFault({
      action: 'resume',
      fault: {
        type: 'error',
        status: 403,
        message: [`API key ${key.slice(0, 14)}`, `${key.slice(14)} may not manage workflows`]
      }
    })
    const result = await run({ 'workflow-id': 'wfl_p' })
    expect(result.code).toBe(1)
    expectKeyOnlyMasked(result)
  })
})

describe('answers a real network gives', () => {
  it('reads a record behind a byte-order mark, gzip and a charset', async () => {
    sim.injectFault({
      action: 'resume',
      fault: {
        type: 'encoded',
        bom: true,
        contentEncoding: 'gzip',
        contentType: 'application/json; charset=utf-8'
      }
    })
    const result = await run({ 'workflow-id': 'wfl_p' })
    expect(result.code).toBe(0)
    expect(result.outputs.resumed).toBe('true')
  })
})

describe('the error names the right input', () => {
  it("points a route-level 404 at 'api-url'", async () => {
    const result = await run({ 'workflow-id': 'wfl_p', 'api-url': url.replace(/\/v1$/, '') })
    expect(result.code).toBe(1)
    expect(errors(result)[0]).toContain(`Workflow wfl_p was not resumed: ${answered(404)} (`)
    expect(errors(result)[0]).toContain(TODO.route)
  })

  it('refuses a zero-width space in api-url, showing it', async () => {
    const result = await run({ 'workflow-id': 'wfl_p', 'api-url': `${url}\u200b` })
    expect(result.code).toBe(1)
    expect(sim.requests).toEqual([])
    expect(errors(result)[0]).toContain('\\u200b')
  })

  it('warns, naming its workflows, when the post step finds no saved state', async () => {
    const result = await run({ 'workflow-id': 'wfl_a, wfl_p' }, { script: PAUSE.post })
    expect(result.code).toBe(0)
    expect(warnings(result)[0]).toContain('wfl_a, wfl_p')
    expect(sim.requests).toEqual([])
  })
})

describe("the rate limit's reset is read on the server's clock", () => {
  it('waits the 2 s a reset says, though the server clock runs 10 minutes ahead', async () => {
    const skewed = new DialNexaSimulator({
      workflows: [{ id: 'wfl_s', status: 'paused' }],
      clockSkewMs: 600_000,
      rateLimit: { limit: 1, windowMs: 2000 }
    })
    const skewedUrl = await skewed.start()
    try {
      const result = await runAction(
        { 'api-key': SIMULATOR_API_KEY, 'api-url': skewedUrl, 'workflow-id': 'wfl_s' },
        // Holding 2 minutes (the cap on a 10-minute reset) would outlast this.
        { timeoutMs: 12_000 }
      )
      expect(result.code).toBe(0)
      expect(result.outputs.resumed).toBe('true')
      expect(skewed.requestsFor('resume')).toHaveLength(1)
    } finally {
      await skewed.stop()
    }
  })
})
