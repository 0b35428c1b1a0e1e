import { DeadlineError, DialNexaApiError } from '../src/api/retry.js'
import { WaitEvent, WaitOptions, waitUntilPaused } from '../src/workflow/wait.js'
import { WorkflowRecord } from '../src/api/workflow-record.js'
import { FakeClock } from './helpers/fake-clock.js'

type Progress = Extract<WaitEvent, { type: 'still-waiting' }>

/**
 * Starts a wait from the first of `statuses` (the read the caller always makes), then answers
 * each poll with the next, each poll taking `pollCostMs` of clock time.
 */
function scripted(
  clock: FakeClock,
  statuses: string[],
  options: Partial<WaitOptions> & { pollCostMs?: number } = {}
) {
  const calls: number[] = [clock.now()]
  const queue = [...statuses]
  const first: WorkflowRecord = { id: 'wfl_1', status: queue.shift()! }
  const fetchWorkflow = async (): Promise<WorkflowRecord> => {
    calls.push(clock.now())
    clock.advance(options.pollCostMs ?? 0)
    const status = queue.length > 1 ? queue.shift()! : (queue[0] ?? first.status)
    return { id: 'wfl_1', status }
  }
  const wait = () =>
    waitUntilPaused({
      clock,
      pollIntervalMs: 1000,
      deadline: clock.now() + 60_000,
      first,
      fetchWorkflow,
      ...options
    })
  return { calls, wait }
}

describe('waitUntilPaused', () => {
  it('returns at once, without a poll, when the first read is paused', async () => {
    const clock = new FakeClock()
    const { calls, wait } = scripted(clock, ['paused'])
    await expect(wait()).resolves.toMatchObject({ outcome: 'paused', waitedMs: 0 })
    expect(calls).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
  })

  it('resumes a paused first read even when the deadline has already passed (wait-timeout 0)', async () => {
    const clock = new FakeClock()
    const { wait } = scripted(clock, ['paused'], { deadline: clock.now() - 5000 })
    await expect(wait()).resolves.toMatchObject({ outcome: 'paused' })
  })

  it('keeps waiting through active, running, draft and unknown statuses', async () => {
    const clock = new FakeClock()
    const { calls, wait } = scripted(clock, ['active', 'running', 'draft', 'archiving', 'paused'])
    await expect(wait()).resolves.toMatchObject({ outcome: 'paused', waitedMs: 4000 })
    // The first read, then one poll for each status after it.
    expect(calls).toHaveLength(5)
  })

  it('waits a full interval after each answer, so polls are never closer than it', async () => {
    const clock = new FakeClock()
    const { calls, wait } = scripted(clock, ['active', 'active', 'active', 'paused'], {
      pollIntervalMs: 2000,
      pollCostMs: 300
    })
    await wait()
    const gaps = calls.slice(2).map((t, i) => t - calls[i + 1]!)
    expect(gaps).toEqual([2300, 2300])
    expect(clock.sleeps).toEqual([2000, 2000, 2000])
  })

  it('reports the first status and each change once, not every poll', async () => {
    const clock = new FakeClock()
    const events: WaitEvent[] = []
    const { wait } = scripted(clock, ['active', 'active', 'draft', 'draft', 'paused'], {
      onEvent: event => events.push(event)
    })
    await wait()
    expect(events).toEqual([
      { type: 'status', status: 'active' },
      { type: 'status', status: 'draft' },
      { type: 'status', status: 'paused' }
    ])
  })

  it('prints progress about every 30 s, with status, time waited and time left, not every poll', async () => {
    const clock = new FakeClock()
    const progress: Progress[] = []
    const changes: string[] = []
    const statuses = [
      ...Array<string>(7).fill('active'),
      'draft',
      ...Array<string>(7).fill('draft')
    ]
    const { wait } = scripted(clock, statuses, {
      pollIntervalMs: 10_000,
      deadline: clock.now() + 600_000,
      onEvent: event =>
        event.type === 'status'
          ? changes.push(`${event.status}@${clock.now()}`)
          : progress.push(event)
    })
    await expect(wait()).resolves.toMatchObject({ outcome: 'timeout' })
    // Polls every 10 s: a line at 30 s and 60 s; the change at 70 s is printed at once and
    // restarts the count, so the next lines come at 100 s, 130 s, …
    expect(progress.slice(0, 4)).toMatchObject([
      { status: 'active', waitedMs: 30_000, leftMs: 570_000 },
      { status: 'active', waitedMs: 60_000, leftMs: 540_000 },
      { status: 'draft', waitedMs: 100_000, leftMs: 500_000 },
      { status: 'draft', waitedMs: 130_000, leftMs: 470_000 }
    ])
    expect(changes).toEqual([`active@${1_700_000_000_000}`, `draft@${1_700_000_070_000}`])
    // 60 polls in 600 s, about one line in three.
    expect(progress).toHaveLength(19)
  })

  it('prints progress about every 30 s also between polls further apart than that', async () => {
    const clock = new FakeClock()
    const start = clock.now()
    const progress: Progress[] = []
    const { calls, wait } = scripted(clock, ['active'], {
      pollIntervalMs: 120_000,
      deadline: start + 600_000,
      onEvent: event => event.type === 'still-waiting' && progress.push(event)
    })
    await expect(wait()).resolves.toMatchObject({ outcome: 'timeout' })
    // Polls every 2 min, as asked; a quiet log would look hung for 2 min at a time.
    expect(calls.map(t => t - start)).toEqual([0, 120_000, 240_000, 360_000, 480_000, 600_000])
    expect(progress.map(p => p.waitedMs)).toEqual(
      Array.from({ length: 20 }, (_, i) => (i + 1) * 30_000)
    )
    expect(progress[3]).toEqual({
      type: 'still-waiting',
      status: 'active',
      waitedMs: 120_000,
      leftMs: 480_000
    })
    expect(clock.now() - start).toBe(600_000)
  })

  it.each(['completed', 'cancelled'])('stops at once on the final status %s', async status => {
    const clock = new FakeClock()
    const { calls, wait } = scripted(clock, ['active', status, 'paused'])
    await expect(wait()).resolves.toMatchObject({ outcome: 'final', record: { status } })
    expect(calls).toHaveLength(2)
  })

  it('times out with the last status and the time waited, without sleeping past the deadline', async () => {
    const clock = new FakeClock()
    const start = clock.now()
    const { calls, wait } = scripted(clock, ['active'], {
      pollIntervalMs: 4000,
      deadline: start + 10_000
    })
    const result = await wait()
    expect(result).toMatchObject({ outcome: 'timeout', lastStatus: 'active', waitedMs: 8000 })
    expect(calls.map(t => t - start)).toEqual([0, 4000, 8000])
    expect(clock.now() - start).toBeLessThanOrEqual(10_000)
  })

  it('ends at once, with the status of the first read, when wait-timeout is 0', async () => {
    const clock = new FakeClock()
    const { calls, wait } = scripted(clock, ['active'], { deadline: clock.now() })
    await expect(wait()).resolves.toMatchObject({
      outcome: 'timeout',
      lastStatus: 'active',
      waitedMs: 0
    })
    expect(calls).toHaveLength(1)
  })

  it('turns a back-off that would cross the deadline into a timeout naming the last error', async () => {
    const clock = new FakeClock()
    const lastError = new DialNexaApiError({ kind: 'timeout', workflowId: 'wfl_1' })
    const retried = new DialNexaApiError({ kind: 'http', workflowId: 'wfl_1', statusCode: 503 })
    const result = await waitUntilPaused({
      clock,
      pollIntervalMs: 1000,
      deadline: clock.now() + 5000,
      first: { id: 'wfl_1', status: 'active' },
      fetchWorkflow: async () => {
        throw new DeadlineError(lastError, retried)
      }
    })
    expect(result).toMatchObject({ outcome: 'timeout', lastStatus: 'active', waitedMs: 1000 })
    expect(result).toHaveProperty('lastError', lastError)
    expect(result).toHaveProperty('retried', retried)
  })

  it('passes other failures through untouched', async () => {
    const clock = new FakeClock()
    const notFound = new DialNexaApiError({ kind: 'http', workflowId: 'wfl_1', statusCode: 404 })
    await expect(
      waitUntilPaused({
        clock,
        pollIntervalMs: 1000,
        deadline: clock.now() + 5000,
        first: { id: 'wfl_1', status: 'active' },
        fetchWorkflow: async () => {
          throw notFound
        }
      })
    ).rejects.toBe(notFound)
  })
})
