import { jest } from '@jest/globals'
import { pauseState } from './helpers/pause-state.js'
import * as core from './fixtures/core.js'
import type { End, WorkflowOutcome } from '../src/core/outcome.js'
import type { Reported } from '../src/action/report.js'
import type { PauseState } from '../src/action/state.js'
import type { StepPolicy } from '../src/workflow/policy.js'
import { answered, CONFLICT_CAUSE, FAILED, RESULT, SUMMARY } from './fixtures/messages.js'

jest.unstable_mockModule('@actions/core', () => core)
const { escapeHtml, writeSummary } = await import('../src/action/summary.js')
const { errorOf, reportOf } = await import('../src/action/report.js')
const { PAUSE_STEP, POST_STEP, RESUME_STEP } = await import('../src/workflow/policy.js')

const env = process.env.GITHUB_STEP_SUMMARY
beforeEach(() => {
  jest.clearAllMocks()
  core.summary.written.length = 0
  core.summary.rows = []
  process.env.GITHUB_STEP_SUMMARY = '/tmp/unused'
})
afterAll(() => {
  process.env.GITHUB_STEP_SUMMARY = env
})

const told = { maxRetries: 3, waitForPaused: false, waitTimeoutMs: 0, runAttempt: 1 }
const report = (
  policy: StepPolicy,
  workflowId: string,
  end: End,
  more: Partial<WorkflowOutcome> = {},
  several = true
): Reported =>
  reportOf(
    policy,
    { workflowId, end, requests: 1, waits: 0, durationMs: 5, ...more },
    several,
    told
  )
const changed = (at = 0): End => ({ kind: 'changed', confirmedBy: 'answer', at })
const http = (statusCode: number) => ({ kind: 'http' as const, workflowId: 'w', statusCode })
const header = (names: string[]) => names.map(data => ({ data, header: true }))
/** The table's rows after its header. */
const rows = (): unknown[][] => (core.summary.rows as unknown[][]).slice(1)

describe('writeSummary', () => {
  it('writes nothing outside a runner', async () => {
    delete process.env.GITHUB_STEP_SUMMARY
    await writeSummary({
      policy: RESUME_STEP,
      reports: [report(RESUME_STEP, 'w', changed())],
      durationMs: 1
    })
    expect(core.summary.write).not.toHaveBeenCalled()
  })

  it('escapes server text in the table and the failure', async () => {
    const failed = report(
      RESUME_STEP,
      'wfl_1',
      { kind: 'not-applied', status: '<b>paused</b>' },
      {
        workflowName: '<img src=x onerror=alert(1)>',
        statusBefore: 'paused',
        statusAfter: '<b>paused</b>'
      },
      false
    )
    await writeSummary({
      policy: RESUME_STEP,
      reports: [failed],
      durationMs: 1500,
      failure: 'Also: "<script>"'
    })
    const [row] = rows()
    expect(row![0]).toBe('wfl_1 (&#60;img src=x onerror=alert(1)&#62;)')
    expect(row![2]).toBe('paused → &#60;b&#62;paused&#60;/b&#62;')
    expect(JSON.stringify(core.summary.rows)).not.toMatch(/<(img|b)>?/)
    expect(core.summary.written.at(-1)).toBe('<p>Also: &#34;&#60;script&#62;&#34;</p>')
  })

  it('does not repeat below the table the one workflow’s reason, which its row shows', async () => {
    const failed = report(
      RESUME_STEP,
      'w',
      { kind: 'failed', error: http(503), found: true },
      {},
      false
    )
    await writeSummary({
      policy: RESUME_STEP,
      reports: [failed],
      durationMs: 1,
      failure: errorOf(failed)
    })
    // The heading, the table, the footer: nothing else.
    expect(core.summary.written).toHaveLength(1)
    expect(core.summary.write).toHaveBeenCalled()
  })

  it('writes one row per workflow, failures first, then the counts, leads and effort', async () => {
    await writeSummary({
      policy: RESUME_STEP,
      reports: [
        report(RESUME_STEP, 'a', changed(), {
          statusBefore: 'paused',
          statusAfter: 'active',
          enrolledLeads: 3,
          waitedMs: 12_000
        }),
        report(
          RESUME_STEP,
          'b',
          { kind: 'failed', error: http(503), found: false },
          { requests: 4, waits: 3 }
        ),
        report(
          RESUME_STEP,
          'c',
          { kind: 'conflict', status: 'active', ignored: true },
          { statusBefore: 'active', statusAfter: 'active', enrolledLeads: 2, workflowName: 'Busy' }
        ),
        report(RESUME_STEP, 'd', { kind: 'unknown', cause: 'unanswered', error: http(502) })
      ],
      durationMs: 2500
    })
    expect(core.summary.addHeading).toHaveBeenCalledWith(SUMMARY.heading('resume'), 3)
    expect(core.summary.rows[0]).toEqual(header(SUMMARY.HEADER))
    const [b, d, c, a] = rows()
    expect(a).toEqual(['a', RESULT.resume.changed, 'paused → active', '3', '—'])
    expect(b!.slice(0, 4)).toEqual(['b', RESULT.resume.failed, '—', '—'])
    expect(c!.slice(0, 4)).toEqual([
      'c (Busy)',
      RESULT.resume['conflict-ignored'],
      'active → active',
      '2'
    ])
    expect(d![1]).toBe(RESULT.resume.unknown)
    // The reason: the cause, from the first sentence of the error, or of the warning.
    expect(b![4]).toBe(`${answered(503)}${FAILED.afterRetries(3)}`)
    expect(c![4]).toBe(CONFLICT_CAUSE.notAccepted('resume', 'active'))
    expect(core.summary.written).toEqual([
      `<p>${SUMMARY.footer(
        [
          SUMMARY.COUNT.changed(1, 'resume'),
          SUMMARY.COUNT.ignored(1, 'resume'),
          SUMMARY.COUNT.failed(1),
          SUMMARY.COUNT.unknown(1, 'resume')
        ].join(', '),
        SUMMARY.leads(3, 'resume'),
        SUMMARY.effort('2.5 s', 7, 3)
      )}</p>`
    ])
  })

  it('names in its counts only results that occurred besides the changed', async () => {
    await writeSummary({
      policy: RESUME_STEP,
      reports: [report(RESUME_STEP, 'a', { kind: 'failed', error: http(500), found: false })],
      durationMs: 1000
    })
    expect(core.summary.written).toEqual([
      `<p>${SUMMARY.footer(
        [SUMMARY.COUNT.changed(0, 'resume'), SUMMARY.COUNT.failed(1)].join(', '),
        SUMMARY.effort('1 s', 1, 0)
      )}</p>`
    ])
  })

  it('tells, for the pause step, a workflow paused before from one it paused', async () => {
    await writeSummary({
      policy: PAUSE_STEP,
      reports: [
        report(PAUSE_STEP, 'p', changed(), { statusBefore: 'active', statusAfter: 'paused' }),
        report(
          PAUSE_STEP,
          'a',
          { kind: 'already' },
          { statusBefore: 'paused', statusAfter: 'paused' }
        ),
        report(PAUSE_STEP, 'c', { kind: 'cancelled' })
      ],
      durationMs: 1000
    })
    expect(core.summary.addHeading).toHaveBeenCalledWith(SUMMARY.heading('pause'), 3)
    expect(rows().map(row => row[1])).toEqual([
      RESULT.pause.cancelled,
      SUMMARY.leftAloneInPause,
      RESULT.pause.changed
    ])
    expect(core.summary.written[0]).toContain(
      [
        SUMMARY.COUNT.changed(1, 'pause'),
        SUMMARY.COUNT.already(1, 'pause'),
        SUMMARY.COUNT.cancelled(1)
      ].join(', ')
    )
  })

  it('shows an input error alone, without a table', async () => {
    await writeSummary({
      policy: RESUME_STEP,
      reports: [],
      durationMs: 0,
      failure: "Input 'x' <bad>"
    })
    expect(core.summary.addTable).not.toHaveBeenCalled()
    expect(core.summary.written).toEqual(['<p>Input &#39;x&#39; &#60;bad&#62;</p>'])
  })
})

describe('writeSummary for the post step', () => {
  const MINUTE = 60_000
  const state = pauseState

  const post = (saved: PauseState, reports: Reported[], now: number) =>
    writeSummary({ policy: POST_STEP, reports, durationMs: 1, post: { state: saved, now } })
  /** A post step's row: result and "paused for", by workflow. */
  const rowsById = () => Object.fromEntries(rows().map(row => [row[0], [row[1], row[2]]]))

  it('never calls a workflow whose pause went unanswered still paused: it may never have been', async () => {
    const failed = (id: string) =>
      report(POST_STEP, id, { kind: 'failed', error: http(503), found: true })
    await post(
      state([{ workflowId: 'wfl_ours', pausedAt: 0 }], ['wfl_unanswered']),
      [failed('wfl_ours'), failed('wfl_unanswered')],
      2000
    )
    expect(core.summary.addHeading).toHaveBeenCalledWith(SUMMARY.postHeadingFailed, 3)
    expect(core.summary.rows[0]).toEqual(header(SUMMARY.POST_HEADER))
    expect(rowsById()).toEqual({
      wfl_ours: SUMMARY.POST.stillPaused(RESULT.resume.failed, '2 s'),
      wfl_unanswered: SUMMARY.POST.mayBePaused(RESULT.resume.failed)
    })
  })

  it('says how long each resumed workflow was paused, until its resume was sent', async () => {
    await post(
      state([{ workflowId: 'a', pausedAt: 0 }], ['b']),
      [report(POST_STEP, 'a', changed(3 * MINUTE + 12_000)), report(POST_STEP, 'b', changed(5000))],
      10 * MINUTE
    )
    expect(core.summary.addHeading).toHaveBeenCalledWith(SUMMARY.postHeading, 3)
    expect(rowsById()).toEqual({
      a: [SUMMARY.POST.resumed, '3 min 12 s'],
      b: [SUMMARY.POST.resumed, 'unknown']
    })
  })

  it('names every other end in its own words', async () => {
    const saved = state(
      ['gone', 'other', 'cancelled', 'someone', 'final', 'maybe'].map(workflowId => ({
        workflowId,
        pausedAt: 0
      })),
      ['unpaused']
    )
    await post(
      saved,
      [
        report(POST_STEP, 'gone', { kind: 'failed', error: http(404), found: true }),
        report(
          POST_STEP,
          'other',
          { kind: 'failed', error: http(500), found: true, lastStatus: 'draft' },
          { statusAfter: 'draft' }
        ),
        report(POST_STEP, 'cancelled', { kind: 'cancelled' }),
        report(POST_STEP, 'someone', { kind: 'already' }, { statusAfter: 'active' }),
        report(POST_STEP, 'unpaused', { kind: 'already' }, { statusAfter: 'active' }),
        report(
          POST_STEP,
          'final',
          { kind: 'conflict', status: 'cancelled', ignored: true },
          { statusAfter: 'cancelled' }
        ),
        report(POST_STEP, 'maybe', { kind: 'unknown', cause: 'unanswered', error: http(502) })
      ],
      1000
    )
    expect(rowsById()).toEqual({
      gone: SUMMARY.POST.deleted,
      other: SUMMARY.POST.otherStatus(RESULT.resume.failed, 'draft', true),
      cancelled: SUMMARY.POST.stillPaused(RESULT.resume.cancelled, '1 s'),
      someone: [SUMMARY.POST.resumedBySomeoneElse, '—'],
      unpaused: [SUMMARY.POST.pauseDidNotTakeEffect, '—'],
      final: [SUMMARY.POST.noLongerPaused, '—'],
      maybe: [SUMMARY.POST.mayHaveResumed, '—']
    })
  })

  it('lists, whole, the workflows it left paused because they were paused before', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `wfl_${i}_${'x'.repeat(20)}`)
    await post(state([], [], ids), [report(POST_STEP, 'a', changed())], 0)
    expect(core.summary.written.at(-1)).toBe(`<p>${SUMMARY.leftAloneByPost(ids.join(', '))}</p>`)
  })
})

describe('escapeHtml', () => {
  it('escapes markup and table pipes', () => {
    expect(escapeHtml(`a<b>&"'|`)).toBe('a&#60;b&#62;&#38;&#34;&#39;&#124;')
  })
})
