import { DialNexaSimulator } from '../simulator/simulator.js'
import { PAUSE, simulatorInputs, startPausedAndActive } from './helpers/paused-and-active.js'
import { runAction, runWithPost } from '../simulator/runner.js'
import { errors, warnings } from './helpers/run-log.js'
import { answered, CONFLICT_CAUSE, RESULT, SUMMARY } from './fixtures/messages.js'

/** Issue 17 through the bundle on Node 24: dry-run, and the calling-hours guard on real time. */

let sim: DialNexaSimulator
let url: string

beforeEach(async () => {
  ;({ sim, url } = await startPausedAndActive())
})
afterEach(() => sim.stop())

const inputs = (more: Record<string, string>) => simulatorInputs(url, more)
const run = (more: Record<string, string>, options?: Parameters<typeof runAction>[1]) =>
  runAction(inputs(more), options)

const day = (offset: number): string =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
/** Every day, all day, in UTC, but closed today (and tomorrow, so a run across midnight holds). */
const SHUT = {
  'calling-hours': 'Mon-Sun 00:00-24:00',
  'time-zone': 'UTC',
  'closed-dates': `${day(0)}, ${day(1)}`
}
const OPEN = { 'calling-hours': 'Mon-Sun 00:00-24:00', 'time-zone': 'UTC' }

describe('dry-run', () => {
  it('reads once, sends no POST and says a real run would resume it', async () => {
    const result = await run({ 'workflow-id': 'wfl_p', 'dry-run': 'true' })
    expect(result.code).toBe(0)
    expect(sim.requests.map(r => r.method)).toEqual(['GET'])
    expect(result.outputs).toMatchObject({
      status: 'paused',
      resumed: 'false',
      'would-resume': 'true'
    })
    expect(JSON.parse(result.outputs.results!)[0]).toMatchObject({
      resumed: false,
      'would-resume': true
    })
    expect(result.summary).toContain(SUMMARY.dryRunHeading('resume'))
    expect(result.summary).toContain(RESULT.resume.preview)
  })

  it('fails where the real run would: a conflict without ignore-conflict', async () => {
    const result = await run({ 'workflow-id': 'wfl_a', 'dry-run': 'true' })
    expect(result.code).toBe(1)
    expect(errors(result)[0]).toContain(CONFLICT_CAUSE.notAccepted('resume', 'active'))
    expect(sim.requests.map(r => r.method)).toEqual(['GET'])
  })

  it('fails on a bad key, as the real run would', async () => {
    const result = await run({
      'workflow-id': 'wfl_p',
      'dry-run': 'true',
      'api-key': 'dnx_test_wrong_key_00000'
    })
    expect(result.code).toBe(1)
    expect(errors(result)[0]).toContain(answered(401))
  })

  it('does not wait for paused: it says the real run would', async () => {
    const result = await run({
      'workflow-id': 'wfl_a',
      'dry-run': 'true',
      'wait-for-paused': 'true'
    })
    expect(result.code).toBe(0)
    expect(result.outputs['would-resume']).toBe('false')
    expect(result.stdout).toContain('a real run would wait for it to be paused')
    expect(sim.requests).toHaveLength(1)
  })

  it('says the calling hours are shut and when they open', async () => {
    const result = await run({ 'workflow-id': 'wfl_p', 'dry-run': 'true', ...SHUT })
    expect(result.code).toBe(0)
    expect(result.outputs['would-resume']).toBe('false')
    expect(result.outputs['opens-at']).toMatch(/T00:00:00\+00:00$/)
    expect(result.stdout).toMatch(
      /calling hours are shut now, which next open \w{3} \d{4}-\d\d-\d\d 00:00 \(UTC\)/
    )
  })

  it('pauses nothing, saves no state, and its post step sends nothing', async () => {
    const { main, post } = await runWithPost(
      inputs({ 'workflow-id': 'wfl_a', 'dry-run': 'true', 'auto-resume': 'true' }),
      PAUSE
    )
    expect(main.code).toBe(0)
    expect(main.outputs).toMatchObject({ paused: 'false', 'would-pause': 'true', status: 'active' })
    expect(main.state).toEqual({})
    expect(post.code).toBe(0)
    expect(post.stdout).toContain('Dry run: the post step sends nothing.')
    expect(sim.requests.map(r => r.method)).toEqual(['GET'])
  })
})

describe('calling hours', () => {
  it('resumes inside the hours', async () => {
    const result = await run({ 'workflow-id': 'wfl_p', ...OPEN })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ resumed: 'true', 'opens-at': '' })
  })

  it('fails outside them, sending nothing and saying when they open, in the zone', async () => {
    const result = await run({ 'workflow-id': 'wfl_p', ...SHUT })
    expect(result.code).toBe(1)
    expect(sim.requestsFor('resume')).toEqual([])
    expect(result.outputs).toMatchObject({ resumed: 'false', status: 'paused' })
    expect(result.outputs['opens-at']).toMatch(/^\d{4}-\d\d-\d\dT00:00:00\+00:00$/)
    expect(errors(result)[0]).toMatch(/outside 'calling-hours', which next open .* 00:00 \(UTC\)/)
  })

  it('skips with a warning and stays green', async () => {
    const result = await run({ 'workflow-id': 'wfl_p', ...SHUT, 'outside-calling-hours': 'skip' })
    expect(result.code).toBe(0)
    expect(sim.requestsFor('resume')).toEqual([])
    expect(warnings(result)).toHaveLength(1)
    expect(warnings(result)[0]).toContain("'outside-calling-hours: skip'")
    expect(result.summary).toContain(RESULT.resume.skipped)
  })

  it('waits only within wait-timeout, then fails as outside', async () => {
    const result = await run({
      'workflow-id': 'wfl_p',
      ...SHUT,
      'outside-calling-hours': 'wait',
      'wait-timeout': '1'
    })
    expect(result.code).toBe(1)
    expect(sim.requestsFor('resume')).toEqual([])
  })

  it("holds the post step's resume outside the hours; the pause is sent at any time", async () => {
    const { main, post } = await runWithPost(
      inputs({
        'workflow-id': 'wfl_a',
        'auto-resume': 'true',
        ...SHUT,
        'outside-calling-hours': 'skip'
      }),
      PAUSE
    )
    expect(main.code).toBe(0)
    expect(main.outputs.paused).toBe('true')
    // The pause step says when its post step's resume can next be sent.
    expect(main.outputs['opens-at']).toMatch(/^\d{4}-\d\d-\d\dT00:00:00\+00:00$/)
    expect(post.code).toBe(0)
    expect(warnings(post)[0]).toContain('outside')
    expect(sim.requestsFor('resume')).toEqual([])
    expect(sim.workflow('wfl_a')?.status).toBe('paused')
  })

  it.each([
    [{ 'calling-hours': 'Mon-Fry 08:00-21:00', 'time-zone': 'UTC' }, 'calling-hours'],
    [{ 'calling-hours': 'Mon-Fri 08:00-21:00' }, 'time-zone'],
    [{ 'calling-hours': 'Mon-Fri 08:00-21:00', 'time-zone': 'Mars/Olympus' }, 'time-zone'],
    [{ ...OPEN, 'closed-dates': '2026-02-30' }, 'closed-dates'],
    [{ ...OPEN, 'outside-calling-hours': 'later' }, 'outside-calling-hours']
  ])('refuses %j before any request, naming %s', async (bad, input) => {
    const result = await run({ 'workflow-id': 'wfl_p', ...bad })
    expect(result.code).toBe(1)
    expect(sim.requests).toEqual([])
    expect(errors(result)[0]).toContain(`Input '${input}'`)
  })

  it("refuses 'wait' in the pause action, whose post step never waits", async () => {
    const result = await run(
      { 'workflow-id': 'wfl_a', ...OPEN, 'outside-calling-hours': 'wait' },
      { script: PAUSE.main }
    )
    expect(result.code).toBe(1)
    expect(sim.requests).toEqual([])
    expect(errors(result)[0]).toContain("Input 'outside-calling-hours'")
  })
})
