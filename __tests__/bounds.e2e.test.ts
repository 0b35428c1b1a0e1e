import { DialNexaSimulator, SIMULATOR_API_KEY, SimWorkflow } from '../simulator/simulator.js'
import { annotations, runAction } from '../simulator/runner.js'
import { MAX_WORKFLOW_IDS } from '../src/action/inputs.js'
import { summaryFooter, summaryRows } from './helpers/summary.js'
import { CONFLICT } from './fixtures/messages.js'

/** Bounds through the bundle: inputs refused up front, outputs, annotations and the summary. */

let sim: DialNexaSimulator
afterEach(() => sim.stop())

const ids = (count: number) => Array.from({ length: count }, (_, i) => `wfl_${i}`)
// Every character the summary has to escape, so each cell is as long as it can get.
const hostile = '<&"|'.repeat(500)

async function start(workflows: SimWorkflow[], latencyMs = 0): Promise<string> {
  sim = new DialNexaSimulator({ workflows, latencyMs })
  return sim.start()
}

describe('size limits', () => {
  it(`refuses more than ${MAX_WORKFLOW_IDS} IDs before any request, pointing to matrix jobs`, async () => {
    const url = await start([])
    const result = await runAction({
      'workflow-id': ids(10_000).join('\n'),
      'api-key': SIMULATOR_API_KEY,
      'api-url': url
    })
    expect(result.code).toBe(1)
    const errors = annotations(result, 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(`one step takes at most ${MAX_WORKFLOW_IDS}`)
    expect(errors[0]).toContain('matrix jobs')
    expect(errors[0]!.length).toBeLessThan(400)
    expect(sim.requests).toEqual([])
  })

  it(`keeps results, the failure and the summary bounded with ${MAX_WORKFLOW_IDS} failing workflows`, async () => {
    const workflowIds = ids(MAX_WORKFLOW_IDS).map(id => `${id}_${'x'.repeat(100)}`)
    const url = await start(
      workflowIds.map(id => ({ id, name: hostile, status: 'paused', enrolled_leads: 1 }))
    )
    sim.injectFault({
      action: 'resume',
      fault: { type: 'error', status: 500, message: hostile },
      times: 1000
    })
    const result = await runAction(
      {
        'workflow-id': workflowIds.join('\n'),
        'api-key': SIMULATOR_API_KEY,
        'api-url': url,
        'max-retries': '0',
        'max-parallel': '20'
      },
      { debug: false, timeoutMs: 60_000 }
    )
    expect(result.code).toBe(1)
    const results = JSON.parse(result.outputs.results!) as Array<Record<string, unknown>>
    expect(results).toHaveLength(MAX_WORKFLOW_IDS)
    expect(results.every(r => typeof r.error === 'string')).toBe(true)
    expect(result.outputs.results!.length).toBeLessThan(256 * 1024)
    expect(result.outputs['workflow-name']!.length).toBeLessThan(16 * 1024)

    // One annotation per failed workflow up to GitHub's ten per step, the closing line included.
    const failure = annotations(result, 'error')
    expect(failure).toHaveLength(10)
    for (const message of failure) expect(message.length).toBeLessThanOrEqual(1001)
    expect(failure.at(-1)).toBe(
      "100 of 100 workflows failed; see the errors above, and the job summary or the 'results' output for the 91 not annotated."
    )

    // The summary lists every workflow, the 91 not annotated too, and counts them all.
    const rows = summaryRows(result.summary)
    expect(rows.map(r => r.Workflow?.split(' ')[0])).toEqual(workflowIds)
    // Each 500 was read back still paused: it may still be resumed, not "failed".
    expect([...new Set(rows.map(r => r.Result))]).toEqual(['❓ May have been resumed'])
    // Each name escaped and cut: it reads back from its cell, and the HTML never holds it raw.
    expect(rows[0]!.Workflow).toMatch(/^wfl_0_x+ \((<&"\|)+<?&?"?…$/)
    expect(result.summary).not.toContain('<&')
    expect(summaryFooter(result.summary)).toMatchObject({
      tally: `0 resumed, ${MAX_WORKFLOW_IDS} may have been resumed`,
      requests: sim.requests.length
    })
    expect(result.summary.length).toBeLessThan(256 * 1024)
  }, 60_000)

  it.each(['poll-interval', 'request-timeout', 'wait-timeout'])(
    'refuses %s: 2147484 up front, with no request',
    async name => {
      const url = await start([{ id: 'wfl_1', status: 'paused' }])
      const result = await runAction({
        'workflow-id': 'wfl_1',
        'api-key': SIMULATOR_API_KEY,
        'api-url': url,
        'wait-for-paused': 'true',
        [name]: '2147484'
      })
      expect(result.code).toBe(1)
      expect(annotations(result, 'error')).toEqual([
        expect.stringMatching(
          new RegExp(`^Input '${name}' must be a number of seconds, .* at most`)
        )
      ])
      expect(sim.requests).toEqual([])
    }
  )

  it('prints no MaxListenersExceededWarning with max-parallel 20', async () => {
    const url = await start(ids(20).map(id => ({ id, status: 'paused' })))
    // The first reads are answered only once all 20 have arrived: 20 requests, and their abort
    // listeners, are pending at once however slowly a busy machine sends them.
    const firstReads = Promise.all(ids(20).map(id => sim.arrival('get', id)))
    sim.injectFault({ action: 'get', fault: { type: 'wait-for', event: firstReads }, times: 20 })
    const result = await runAction({
      'workflow-id': ids(20).join(','),
      'api-key': SIMULATOR_API_KEY,
      'api-url': url,
      'max-parallel': '20'
    })
    expect(result.code).toBe(0)
    expect(sim.maxInFlight).toBe(20)
    expect(result.stderr).not.toContain('MaxListenersExceededWarning')
    expect(result.stderr).toBe('')
  })
})

describe('an answer past 1 MiB', () => {
  // Only its size is wrong: what its status and headers say must still count.
  const huge = JSON.stringify({ statusCode: 0, message: 'x'.repeat(2 * 1024 * 1024) })
  const resume = (url: string, inputs: Record<string, string> = {}) =>
    runAction({ 'workflow-id': 'wfl_p', 'api-key': SIMULATOR_API_KEY, 'api-url': url, ...inputs })

  it('to a resume that took effect, redirecting to the record, is still followed: resumed', async () => {
    const url = await start([{ id: 'wfl_p', name: 'P', status: 'paused' }])
    sim.injectFault({
      action: 'resume',
      fault: {
        type: 'raw',
        status: 303,
        body: huge,
        headers: { Location: '/v1/workflows/wfl_p' },
        afterApply: true
      }
    })
    const result = await resume(url, { 'max-retries': '0' })
    expect(sim.workflow('wfl_p')?.status).toBe('active')
    expect(result.outputs.resumed).toBe('true')
    expect(result.outputs.status).toBe('active')
    expect(result.code).toBe(0)
  })

  it('with a 409 is still a conflict, which ignore-conflict lets pass', async () => {
    const url = await start([{ id: 'wfl_p', status: 'paused' }])
    sim.injectFault({ action: 'resume', fault: { type: 'raw', status: 409, body: huge } })
    // Someone resumed it first: the read after the 409 shows it active. (A 409 while it still
    // reads as paused is never waved through.)
    void sim.arrival('resume').then(() => sim.setStatus('wfl_p', 'active'))
    const result = await resume(url, { 'ignore-conflict': 'true', 'max-retries': '0' })
    expect(annotations(result, 'warning')).toEqual([
      `${CONFLICT.notAccepted('resume', 'workflow wfl_p', 'active')} ${CONFLICT.ignored}`
    ])
    expect(result.outputs.resumed).toBe('false')
    expect(result.code).toBe(0)
  })

  it('with a 429 and Retry-After is still waited out, then the resume is sent again', async () => {
    const url = await start([{ id: 'wfl_p', status: 'paused' }])
    sim.injectFault({
      action: 'resume',
      fault: { type: 'raw', status: 429, body: huge, headers: { 'Retry-After': '0' } }
    })
    const result = await resume(url, { 'max-retries': '1' })
    expect(sim.requestsFor('resume')).toHaveLength(2)
    expect(result.outputs.resumed).toBe('true')
    expect(result.code).toBe(0)
  })
})
