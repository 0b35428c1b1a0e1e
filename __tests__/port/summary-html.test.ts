import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import { WorkflowReport } from '../src/core/outcome.js'
import { filledTable, writeSummary } from '../src/action/report.js'
import { RESUME } from '../src/core/verb.js'

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

const base = { requests: 1, waits: 0, durationMs: 5 }

describe('the job summary HTML', () => {
  it('never writes an empty cell, totals row included', async () => {
    const reports: WorkflowReport[] = [
      {
        ...base,
        workflowId: 'a',
        statusBefore: 'paused',
        statusAfter: 'active',
        result: 'resumed'
      },
      { ...base, workflowId: 'b', result: 'failed', error: 'HTTP 404' }
    ]
    await writeSummary(RESUME, reports, 2000, '1 of 2 workflows failed; see the errors above.')
    const html = readFileSync(file, 'utf8')
    expectWellFormedCells(html)
    expect(html).toContain('<td colspan="4">Total (2)</td><td>—</td><td>1 resumed, 1 failed</td>')
    expect(html).toContain(
      '<td>b</td><td>—</td><td>—</td><td>—</td><td>—</td><td>❌ Failed</td><td>HTTP 404</td>'
    )
  })

  it('shows one workflow with the status it started in, its reason and time waiting', async () => {
    await writeSummary(
      RESUME,
      [
        {
          ...base,
          workflowId: 'w',
          statusBefore: 'active',
          statusAfter: 'draft',
          result: 'conflict-ignored',
          warning: 'Workflow w did not become paused in time.',
          waitedMs: 30_000
        }
      ],
      30_500
    )
    const html = readFileSync(file, 'utf8')
    expectWellFormedCells(html)
    expect(html).toContain('<td>Status before</td><td>active</td>')
    expect(html).toContain('<td>Status after</td><td>draft</td>')
    expect(html).toContain('<td>Reason</td><td>Workflow w did not become paused in time.</td>')
    expect(html).toContain('<td>Time waiting</td><td>30 s</td>')
  })

  it('fills any empty cell it is given, plain or described', () => {
    expect(filledTable([['', 'x', { data: '', header: true }]])).toEqual([
      ['—', 'x', { data: '—', header: true }]
    ])
  })
})
