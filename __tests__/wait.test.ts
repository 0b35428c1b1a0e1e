import { DialNexaApiError } from '../src/api-error.js'
import { DeadlineError } from '../src/retry.js'
import { waitUntilPaused, WaitTimeoutError } from '../src/wait.js'
import { WorkflowRecord } from '../src/workflow.js'
import { FakeClock } from './helpers/fake-clock.js'

/** Answers with the given statuses in turn, each poll taking `pollCostMs` of clock time. */
function scripted(clock: FakeClock, statuses: string[], pollCostMs = 0) {
  const calls: number[] = []
  const fetchWorkflow = async (): Promise<WorkflowRecord> => {
    calls.push(clock.now())
    clock.advance(pollCostMs)
    const status = statuses.length > 1 ? statuses.shift()! : statuses[0]!
    return { id: 'wfl_1', status }
  }
  return { calls, fetchWorkflow }
}

describe('waitUntilPaused', () => {
  it('returns at once when the workflow is already paused', async () => {
    const clock = new FakeClock()
    const { calls, fetchWorkflow } = scripted(clock, ['paused'])
    const result = await waitUntilPaused({
      clock,
      pollIntervalMs: 1000,
      deadline: clock.now() + 10_000,
      fetchWorkflow
    })
    expect(result).toMatchObject({ outcome: 'paused', polls: 1 })
    expect(calls).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
  })

  it('keeps waiting through active, running, draft and unknown statuses', async () => {
    const clock = new FakeClock()
    const { fetchWorkflow } = scripted(clock, ['active', 'running', 'draft', 'archiving', 'paused'])
    const result = await waitUntilPaused({
      clock,
      pollIntervalMs: 1000,
      deadline: clock.now() + 60_000,
      fetchWorkflow
    })
    expect(result).toMatchObject({ outcome: 'paused', polls: 5 })
  })

  it('waits a full interval after each answer, so polls are never closer than it', async () => {
    const clock = new FakeClock()
    const { calls, fetchWorkflow } = scripted(clock, ['active', 'active', 'active', 'paused'], 300)
    await waitUntilPaused({
      clock,
      pollIntervalMs: 2000,
      deadline: clock.now() + 60_000,
      fetchWorkflow
    })
    const gaps = calls.slice(1).map((t, i) => t - calls[i]!)
    expect(gaps).toEqual([2300, 2300, 2300])
    expect(clock.sleeps).toEqual([2000, 2000, 2000])
  })

  it('reports each status change once, not every poll', async () => {
    const clock = new FakeClock()
    const { fetchWorkflow } = scripted(clock, ['active', 'active', 'draft', 'draft', 'paused'])
    const changes: Array<[string, string | undefined]> = []
    await waitUntilPaused({
      clock,
      pollIntervalMs: 1000,
      deadline: clock.now() + 60_000,
      fetchWorkflow,
      onStatusChange: (status, previous) => changes.push([status, previous])
    })
    expect(changes).toEqual([
      ['active', undefined],
      ['draft', 'active'],
      ['paused', 'draft']
    ])
  })

  it.each(['completed', 'cancelled'])('stops at once on the final status %s', async status => {
    const clock = new FakeClock()
    const { calls, fetchWorkflow } = scripted(clock, ['active', status, 'paused'])
    const result = await waitUntilPaused({
      clock,
      pollIntervalMs: 1000,
      deadline: clock.now() + 60_000,
      fetchWorkflow
    })
    expect(result).toMatchObject({ outcome: 'final', record: { status } })
    expect(calls).toHaveLength(2)
  })

  it('times out with the last status and the time waited, without sleeping past the deadline', async () => {
    const clock = new FakeClock()
    const start = clock.now()
    const { calls, fetchWorkflow } = scripted(clock, ['active'])
    const error = await waitUntilPaused({
      clock,
      pollIntervalMs: 4000,
      deadline: start + 10_000,
      fetchWorkflow
    }).catch(e => e)
    expect(error).toBeInstanceOf(WaitTimeoutError)
    expect(error.message).toContain('last status seen: active')
    expect(error.message).toContain('waited 8 s')
    expect(calls.map(t => t - start)).toEqual([0, 4000, 8000])
    expect(clock.now() - start).toBeLessThanOrEqual(10_000)
  })

  it('polls once with wait-timeout 0', async () => {
    const clock = new FakeClock()
    const { calls, fetchWorkflow } = scripted(clock, ['active'])
    await expect(
      waitUntilPaused({ clock, pollIntervalMs: 1000, deadline: clock.now(), fetchWorkflow })
    ).rejects.toBeInstanceOf(WaitTimeoutError)
    expect(calls).toHaveLength(1)
  })

  it('turns a back-off that would cross the deadline into a timeout naming the last error', async () => {
    const clock = new FakeClock()
    const lastError = new DialNexaApiError({ kind: 'http', workflowId: 'wfl_1', statusCode: 503 })
    let first = true
    const error = await waitUntilPaused({
      clock,
      pollIntervalMs: 1000,
      deadline: clock.now() + 5000,
      fetchWorkflow: async () => {
        if (first) {
          first = false
          return { id: 'wfl_1', status: 'active' }
        }
        throw new DeadlineError(lastError)
      }
    }).catch(e => e)
    expect(error).toBeInstanceOf(WaitTimeoutError)
    expect(error.message).toContain('last status seen: active')
    expect(error.message).toContain('HTTP 503')
  })

  it('passes other failures through untouched', async () => {
    const clock = new FakeClock()
    const notFound = new DialNexaApiError({ kind: 'http', workflowId: 'wfl_1', statusCode: 404 })
    await expect(
      waitUntilPaused({
        clock,
        pollIntervalMs: 1000,
        deadline: clock.now() + 5000,
        fetchWorkflow: async () => {
          throw notFound
        }
      })
    ).rejects.toBe(notFound)
  })
})
