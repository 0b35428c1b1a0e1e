import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { pauseState } from './helpers/pause-state.js'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import { reportOf } from '../src/action/report.js'
import { writeSummary } from '../src/action/summary.js'
import { End, WorkflowOutcome } from '../src/core/outcome.js'
import { POST_STEP, RESUME_STEP, StepPolicy } from '../src/workflow/policy.js'
import { answered, RESULT, SUMMARY } from './fixtures/messages.js'

/** The job summary as the real @actions/core writes it: the HTML a person sees. */

let dir: string
let file: string
const env = process.env.GITHUB_STEP_SUMMARY

// core.summary remembers the file it first wrote to, so the suite shares one.
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'summary-'))
  file = join(dir, 'summary')
  process.env.GITHUB_STEP_SUMMARY = file
})
beforeEach(() => {
  writeFileSync(file, '')
  core.summary.emptyBuffer()
})
afterAll(() => {
  process.env.GITHUB_STEP_SUMMARY = env
  rmSync(dir, { recursive: true, force: true })
})

/** Every cell opens and closes, with text in between. */
function expectWellFormedCells(html: string): void {
  expect(html).not.toMatch(/<t[dh][^>]*><t[dhr]/)
  expect(html).not.toMatch(/<t[dh][^>]*><\/tr>/)
  const opened = html.match(/<t[dh][ >]/g) ?? []
  const closed = html.match(/<\/t[dh]>/g) ?? []
  expect(closed).toHaveLength(opened.length)
  expect(html).not.toMatch(/<t[dh][^>]*><\/t[dh]>/)
}

const told = { maxRetries: 3, waitForPaused: false, waitTimeoutMs: 0, runAttempt: 1 }
const report = (
  policy: StepPolicy,
  workflowId: string,
  end: End,
  statuses: Partial<WorkflowOutcome> = {}
) =>
  reportOf(
    policy,
    { workflowId, end, requests: 1, waits: 0, durationMs: 5, ...statuses },
    true,
    told
  )
const notFound: End = {
  kind: 'failed',
  error: { kind: 'http', workflowId: 'b', statusCode: 404 },
  found: false
}

describe('the job summary HTML', () => {
  it('never writes an empty cell', async () => {
    const reports = [
      report(
        RESUME_STEP,
        'a',
        { kind: 'changed', confirmedBy: 'answer', at: 0 },
        {
          statusBefore: 'paused',
          statusAfter: 'active'
        }
      ),
      report(RESUME_STEP, 'b', notFound)
    ]
    await writeSummary({ policy: RESUME_STEP, reports, durationMs: 2000 })
    const html = readFileSync(file, 'utf8')
    expectWellFormedCells(html)
    expect(html).toContain(
      `<td>b</td><td>${RESULT.resume.failed}</td><td>—</td><td>—</td><td>${answered(404)}</td>`
    )
    expect(html).toContain(
      `<td>a</td><td>${RESULT.resume.changed}</td><td>paused → active</td><td>—</td><td>—</td>`
    )
  })

  it("never writes an empty cell in the post step's table either", async () => {
    const state = pauseState([{ workflowId: 'a', pausedAt: 0 }], [], ['c'])
    const reports = [
      report(POST_STEP, 'a', { kind: 'changed', confirmedBy: 'answer', at: 90_000 }),
      report(POST_STEP, 'b', { kind: 'already' }, { statusAfter: 'active' })
    ]
    await writeSummary({ policy: POST_STEP, reports, durationMs: 1, post: { state, now: 100_000 } })
    const html = readFileSync(file, 'utf8')
    expectWellFormedCells(html)
    expect(html).toContain(`<td>a</td><td>${SUMMARY.POST.resumed}</td><td>1 min 30 s</td></tr>`)
    expect(html).toContain(`<p>${SUMMARY.leftAloneByPost('c')}</p>`)
  })

  it("escapes a server's status in the post step's Result cell", async () => {
    const state = pauseState([{ workflowId: 'a', pausedAt: 0 }])
    const failed: End = {
      kind: 'failed',
      error: { kind: 'http', workflowId: 'a', statusCode: 500 },
      found: true
    }
    const reports = [
      report(POST_STEP, 'a', failed, { statusAfter: '<img src=x onerror=alert(1)>' })
    ]
    await writeSummary({ policy: POST_STEP, reports, durationMs: 1, post: { state, now: 100_000 } })
    const html = readFileSync(file, 'utf8')
    expect(html).not.toContain('<img')
    expect(html).toContain('status &#60;img src=x onerror=alert(1)&#62;</td>')
  })
})
