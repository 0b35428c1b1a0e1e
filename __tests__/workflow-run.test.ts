import { DialNexaSimulator } from '../simulator/simulator.js'
import { WorkflowLog } from '../src/log.js'
import { PAUSE, RESUME } from '../src/verb.js'
import { runWorkflow, WorkflowRunContext } from '../src/workflow-run.js'
import { clientFor } from './helpers/client.js'
import { FakeClock } from './helpers/fake-clock.js'

/** runWorkflow with a real client against the simulator; every wait runs on the fake clock. */

let sim: DialNexaSimulator
let url: string

beforeEach(async () => {
  sim = new DialNexaSimulator({
    workflows: [
      { id: 'wfl_p', name: 'Nurture', status: 'paused', enrolled_leads: 12 },
      { id: 'wfl_a', name: 'Busy', status: 'active', enrolled_leads: 3 },
      { id: 'wfl_c', status: 'cancelled' }
    ]
  })
  url = await sim.start()
})
afterEach(() => sim.stop())

function recordingLog() {
  const lines: string[] = []
  const log: WorkflowLog = {
    info: line => lines.push(`info: ${line}`),
    notice: line => lines.push(`notice: ${line}`),
    warning: line => lines.push(`warning: ${line}`),
    group: (title, body) => {
      lines.push(`group: ${title}`)
      return body()
    }
  }
  return { lines, log }
}

function setup(overrides: Partial<WorkflowRunContext> & { maxRetries?: number } = {}) {
  const controller = new AbortController()
  const { client, clock } = clientFor(url, {
    maxRetries: overrides.maxRetries,
    signal: controller.signal
  })
  const { lines, log } = recordingLog()
  const ctx: WorkflowRunContext = {
    verb: RESUME,
    client,
    clock,
    signal: controller.signal,
    ignoreConflict: false,
    log,
    ...overrides
  }
  return { ctx, clock, lines, controller }
}

/** Waits on the fake clock that also lets an operator change the status at a virtual time. */
function statusAt(clock: FakeClock, id: string, status: string, afterMs: number): void {
  const start = clock.now()
  const sleep = clock.sleep.bind(clock)
  clock.sleep = async (ms, signal) => {
    await sleep(ms, signal)
    if (clock.now() - start >= afterMs) sim.setStatus(id, status)
  }
}

describe('runWorkflow', () => {
  it('resumes a paused workflow and reports it', async () => {
    const { ctx, clock, lines } = setup()
    await expect(runWorkflow('wfl_p', ctx)).resolves.toEqual({
      workflowId: 'wfl_p',
      workflowName: 'Nurture',
      statusBefore: 'paused',
      statusAfter: 'active',
      enrolledLeads: 12,
      result: 'resumed',
      requests: 1,
      retries: 0,
      durationMs: 0,
      changedAt: clock.now()
    })
    expect(lines).toEqual(['info: Resumed workflow wfl_p (Nurture): status active.'])
  })

  it('waits on the clock until an operator pauses the workflow, then resumes it', async () => {
    const { ctx, clock, lines } = setup()
    statusAt(clock, 'wfl_a', 'paused', 3000)
    const report = await runWorkflow('wfl_a', {
      ...ctx,
      waitFirst: { pollIntervalMs: 1000, timeoutMs: 60_000, deadline: clock.now() + 60_000 }
    })
    expect(report).toMatchObject({
      result: 'resumed',
      statusBefore: 'paused',
      statusAfter: 'active',
      requests: 5,
      durationMs: 3000
    })
    expect(clock.sleeps).toEqual([1000, 1000, 1000])
    expect(sim.requests.map(r => r.action)).toEqual(['get', 'get', 'get', 'get', 'resume'])
    expect(lines).toEqual([
      'group: Waiting for workflow wfl_a to be paused',
      'info: Workflow status: active',
      'info: Workflow status: paused',
      'info: Resumed workflow wfl_a (Busy): status active.'
    ])
  })

  it('fails naming wait-timeout when the workflow never pauses, and sends no resume', async () => {
    const { ctx, clock } = setup()
    const report = await runWorkflow('wfl_a', {
      ...ctx,
      waitFirst: { pollIntervalMs: 1000, timeoutMs: 2500, deadline: clock.now() + 2500 }
    })
    expect(report.result).toBe('failed')
    expect(report.error).toMatch(
      /^Workflow wfl_a: the workflow did not become paused in time \(last status seen: active; waited 2 s\)\. Raise 'wait-timeout' \(now 2\.5 s\)/
    )
    expect(sim.requestsFor('resume')).toEqual([])
    expect(report.durationMs).toBe(2000)
  })

  it('treats a final status seen while waiting as a conflict, without a resume request', async () => {
    const { ctx, clock } = setup()
    const report = await runWorkflow('wfl_c', {
      ...ctx,
      waitFirst: { pollIntervalMs: 1000, timeoutMs: 10_000, deadline: clock.now() + 10_000 }
    })
    expect(report).toMatchObject({
      result: 'failed',
      statusBefore: 'cancelled',
      statusAfter: 'cancelled'
    })
    expect(report.error).toContain('it is cancelled, a final status, and can never be resumed')
    expect(sim.requests.map(r => r.action)).toEqual(['get'])
  })

  it('fails on a conflict, or warns and succeeds with ignore-conflict', async () => {
    const strict = await runWorkflow('wfl_a', setup().ctx)
    expect(strict).toMatchObject({
      result: 'failed',
      statusBefore: 'active',
      statusAfter: 'active',
      workflowName: 'Busy'
    })
    expect(strict.error).toMatch(/^Workflow wfl_a is not paused, so it was not resumed/)

    const { ctx, lines } = setup({ ignoreConflict: true })
    const lenient = await runWorkflow('wfl_a', ctx)
    expect(lenient.result).toBe('conflict-ignored')
    expect(lenient.error).toBeUndefined()
    expect(lines).toEqual([
      expect.stringMatching(/^warning: Workflow wfl_a is not paused.*'ignore-conflict' is true\.$/)
    ])
  })

  it('counts requests, retries and clock time across a retried resume', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 503 } })
    const { ctx, clock } = setup()
    const report = await runWorkflow('wfl_p', ctx)
    expect(report).toMatchObject({ result: 'resumed', requests: 3, retries: 1 })
    expect(report.durationMs).toBe(clock.sleeps.reduce((a, b) => a + b, 0))
    expect(clock.sleeps).toHaveLength(1)
  })

  it('reports an API failure with the client’s message', async () => {
    const report = await runWorkflow('wfl_gone', setup().ctx)
    expect(report.result).toBe('failed')
    expect(report.error).toMatch(/^DialNexa API returned HTTP 404 for workflow wfl_gone\./)
  })

  it('reports a cancelled run as cancelled, without a request', async () => {
    const { ctx, controller } = setup()
    controller.abort()
    const report = await runWorkflow('wfl_p', ctx)
    expect(report).toMatchObject({
      result: 'cancelled',
      error: 'The run was cancelled before the workflow was resumed.',
      requests: 0
    })
    expect(sim.requests).toEqual([])
    expect(sim.workflow('wfl_p')?.status).toBe('paused')
  })

  it('runs the pause verb through the same steps', async () => {
    const { ctx, lines } = setup({ verb: PAUSE })
    await expect(runWorkflow('wfl_a', ctx)).resolves.toMatchObject({
      result: 'paused',
      statusBefore: 'active',
      statusAfter: 'paused'
    })
    expect(sim.requests.map(r => r.action)).toEqual(['pause'])
    expect(lines).toEqual(['info: Paused workflow wfl_a (Busy): status paused.'])
  })

  it('records when the change took effect, on the clock', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'error', status: 503 } })
    const { ctx, clock } = setup({ verb: PAUSE })
    const started = clock.now()
    const report = await runWorkflow('wfl_a', ctx)
    expect(report.result).toBe('paused')
    expect(clock.sleeps).toHaveLength(1)
    expect(report.changedAt).toBe(started + clock.sleeps[0]!)
  })

  it('with acceptAlready, succeeds on the status the verb produces, at the level asked', async () => {
    const { ctx, lines } = setup({
      verb: PAUSE,
      conflictRules: { acceptAlready: true },
      alreadyLevel: 'notice'
    })
    const report = await runWorkflow('wfl_p', ctx)
    expect(report).toMatchObject({
      result: 'already',
      statusBefore: 'paused',
      statusAfter: 'paused',
      workflowName: 'Nurture'
    })
    expect(report.error).toBeUndefined()
    expect(report.changedAt).toBeUndefined()
    expect(sim.requests.map(r => r.action)).toEqual(['pause', 'get'])
    expect(lines).toEqual([
      'notice: Workflow wfl_p is already paused, so this step did not pause it.'
    ])
    // A status the verb does not produce is still a conflict.
    const draft = await runWorkflow('wfl_c', ctx)
    expect(draft.result).toBe('failed')
  })

  it('without acceptAlready, the status the verb produces is a conflict as before', async () => {
    const report = await runWorkflow('wfl_p', setup({ verb: PAUSE }).ctx)
    expect(report.result).toBe('failed')
    expect(report.error).toMatch(/^Workflow wfl_p is not active, so it was not paused/)
  })

  it('with finalIsWarning, reports a workflow that became final with a warning', async () => {
    const { ctx, lines } = setup({ conflictRules: { acceptAlready: true, finalIsWarning: true } })
    const report = await runWorkflow('wfl_c', ctx)
    expect(report.result).toBe('conflict-ignored')
    expect(report.error).toBeUndefined()
    expect(lines).toEqual([
      'warning: Workflow wfl_c is not paused, so it was not resumed: it is cancelled, a final status, and can never be resumed. Leaving it as it is.'
    ])
  })
})
