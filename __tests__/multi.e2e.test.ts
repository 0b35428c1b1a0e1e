import { DialNexaSimulator, SIMULATOR_API_KEY, SimWorkflow } from '../simulator/simulator.js'
import { ActionRun, annotations, runAction } from '../simulator/runner.js'

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
      error: null
    })
    expect(
      sim
        .requestsFor('resume')
        .map(r => r.workflowId)
        .sort()
    ).toEqual(['wfl_apac', 'wfl_eu', 'wfl_us'])
    expect(result.summary).toContain('<td>Total (3)</td>')
    expect(result.summary).toContain('<td>35</td>')
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
    expect(result.summary).toContain('1 resumed, 1 conflict ignored')
  })

  it('tries every workflow when one is missing, then fails naming it', async () => {
    await startWith([paused('wfl_a', 1), paused('wfl_c', 3)])
    const result = await run({ 'workflow-id': 'wfl_a\nwfl_missing\nwfl_c' })
    expect(result.code).toBe(1)
    expect(sim.workflow('wfl_a')?.status).toBe('active')
    expect(sim.workflow('wfl_c')?.status).toBe('active')
    const [error] = errors(result)
    expect(error).toMatch(
      /^1 of 3 workflows failed\. wfl_missing: DialNexa API returned HTTP 404 for workflow wfl_missing/
    )
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
    expect(result.summary).toContain('2 resumed, 1 failed')
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
    const [error] = errors(result)
    expect(error).toContain('2 of 3 workflows failed.')
    expect(error).toContain('wfl_busy: Workflow wfl_busy is not paused')
    expect(error).toContain(
      'wfl_done: Workflow wfl_done is not paused, so it was not resumed: it is cancelled'
    )
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
    const result = await run({ 'workflow-id': ids.join(','), 'max-parallel': '2' })
    expect(result.code).toBe(0)
    expect(ids.map(id => sim.workflow(id)?.status)).toEqual([
      'active',
      'active',
      'active',
      'active'
    ])
    const limited = sim.requests.find(r => r.statusCode === 429)!
    // wfl_2 was already on its way; everything sent after the 429 answer waited out Retry-After.
    const later = sim.requests.filter(r => r.at > limited.at + 50)
    expect(later.length).toBeGreaterThanOrEqual(3)
    for (const request of later) expect(request.at - limited.at).toBeGreaterThanOrEqual(950)
    expect(sim.requests.filter(r => r.statusCode === 429)).toHaveLength(1)
  })

  it('waits for each workflow under one shared deadline', async () => {
    await startWith([
      { id: 'wfl_soon', status: 'active' },
      { id: 'wfl_never', status: 'active' }
    ])
    sim.scheduleStatus('wfl_soon', 'paused', 300)
    const started = Date.now()
    const result = await run({
      'workflow-id': 'wfl_soon\nwfl_never',
      'wait-for-paused': 'true',
      'poll-interval': '0.1',
      'wait-timeout': '1',
      'max-parallel': '1'
    })
    expect(result.code).toBe(1)
    // With max-parallel 1 the second wait starts late, yet the step still ends at the deadline.
    expect(Date.now() - started).toBeLessThan(2500)
    expect(results(result).map(r => r.resumed)).toEqual([true, false])
    expect(errors(result)[0]).toContain(
      'wfl_never: Workflow wfl_never: the workflow did not become paused in time'
    )
    expect(result.stdout).toContain('[wfl_soon] Workflow status: paused')
  })

  it('stops every workflow on SIGTERM', async () => {
    const ids = ['wfl_x', 'wfl_y', 'wfl_z']
    await startWith(ids.map(id => ({ id, status: 'active' })))
    const result = await run(
      { 'workflow-id': ids.join(','), 'wait-for-paused': 'true', 'poll-interval': '0.1' },
      {
        onSpawn: child =>
          setTimeout(() => {
            child.kill('SIGTERM')
            for (const id of ids) sim.setStatus(id, 'paused')
          }, 600)
      }
    )
    expect(result.code).not.toBe(0)
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(sim.requestsFor('resume')).toEqual([])
    expect(results(result).map(r => r.resumed)).toEqual([false, false, false])
    expect(result.summary).toContain('3 cancelled')
  })
})
