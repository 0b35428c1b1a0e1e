import { jest } from '@jest/globals'
import * as core from './fixtures/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { escapeHtml, setOutputs, writeSummary } = await import('../src/action/report.js')
const { RESUME } = await import('../src/core/verb.js')

beforeEach(() => jest.clearAllMocks())

describe('setOutputs', () => {
  it('sets the four outputs, reporting legacy running as active', () => {
    setOutputs(RESUME, [
      {
        workflowId: 'w',
        workflowName: 'Nurture',
        statusAfter: 'running',
        enrolledLeads: 0,
        result: 'resumed',
        requests: 1,
        waits: 0,
        durationMs: 5
      }
    ])
    expect(core.setOutput.mock.calls).toEqual([
      ['status', 'active'],
      ['enrolled-leads', '0'],
      ['resumed', 'true'],
      ['workflow-name', 'Nurture'],
      [
        'results',
        '[{"workflow-id":"w","workflow-name":"Nurture","status":"active","enrolled-leads":0,"resumed":true,"error":null}]'
      ]
    ])
  })

  it('keeps server text in outputs on one bounded line', () => {
    setOutputs(RESUME, [
      {
        workflowId: 'w',
        workflowName: `Nurture\n::set-output name=x::y${'z'.repeat(400)}`,
        statusAfter: 'active\r\nevil',
        result: 'resumed',
        requests: 1,
        waits: 0,
        durationMs: 5
      }
    ])
    const values = Object.fromEntries(core.setOutput.mock.calls) as Record<string, string>
    expect(values.status).toBe('active evil')
    expect(values['workflow-name']).toMatch(/^Nurture ::set-output name=x::yz+…$/)
    expect(values['workflow-name']!.length).toBeLessThanOrEqual(301)
  })

  it('leaves unknown values empty and resumed false', () => {
    setOutputs(RESUME, [
      { workflowId: 'w', result: 'conflict-ignored', requests: 2, waits: 0, durationMs: 5 }
    ])
    expect(core.setOutput.mock.calls.slice(0, 4)).toEqual([
      ['status', ''],
      ['enrolled-leads', ''],
      ['resumed', 'false'],
      ['workflow-name', '']
    ])
  })
})

describe('writeSummary', () => {
  const env = process.env.GITHUB_STEP_SUMMARY
  afterEach(() => {
    process.env.GITHUB_STEP_SUMMARY = env
  })

  it('escapes server text in the table and the error', async () => {
    process.env.GITHUB_STEP_SUMMARY = '/tmp/unused'
    await writeSummary(
      RESUME,
      [
        {
          workflowId: 'wfl_1',
          workflowName: '<img src=x onerror=alert(1)>',
          statusBefore: 'paused',
          result: 'failed',
          requests: 3,
          waits: 2,
          durationMs: 1500,
          error: 'The API said: "<script>"'
        }
      ],
      1500,
      'The API said: "<script>"'
    )
    const table = JSON.stringify(core.summary.rows)
    expect(table).toContain('wfl_1 (&#60;img src=x onerror=alert(1)&#62;)')
    expect(table).toContain('3 (2)')
    expect(table).toContain('1.5 s')
    expect(table).toContain('Failed')
    // The reason is in its own row, so the same text is not repeated below the table.
    expect(table).toContain('["Reason","The API said: &#34;&#60;script&#62;&#34;"]')
    expect(core.summary.written.join('')).toBe('')
    expect(core.summary.write).toHaveBeenCalled()
  })

  it('writes nothing outside a runner', async () => {
    delete process.env.GITHUB_STEP_SUMMARY
    await writeSummary(
      RESUME,
      [{ workflowId: 'w', result: 'resumed', requests: 1, waits: 0, durationMs: 1 }],
      1
    )
    expect(core.summary.write).not.toHaveBeenCalled()
  })
})

describe('writeSummary for several workflows', () => {
  it('writes one row per workflow and a totals row', async () => {
    process.env.GITHUB_STEP_SUMMARY = '/tmp/unused'
    const base = { requests: 1, waits: 0, durationMs: 5 }
    await writeSummary(
      RESUME,
      [
        {
          ...base,
          workflowId: 'a',
          statusBefore: 'paused',
          statusAfter: 'active',
          enrolledLeads: 3,
          result: 'resumed',
          waitedMs: 12_000
        },
        { ...base, workflowId: 'b', result: 'failed', requests: 4, waits: 3, error: 'HTTP 503' },
        {
          ...base,
          workflowId: 'c',
          statusAfter: 'active',
          enrolledLeads: 2,
          result: 'conflict-ignored',
          warning: 'Its current status is active.'
        }
      ],
      2500,
      '1 of 3 workflows failed.'
    )
    const rows = core.summary.rows as unknown[][]
    expect(rows).toHaveLength(5)
    expect(rows[0]).toEqual(
      [
        'Workflow',
        'Name',
        'Status before',
        'Status after',
        'Enrolled leads',
        'Result',
        'Reason',
        'Time waiting',
        'Requests (waits)'
      ].map(data => ({ data, header: true }))
    )
    expect(rows[1]).toEqual(['a', '—', 'paused', 'active', '3', '✅ Resumed', '—', '12 s', '1 (0)'])
    expect(rows[2]).toEqual(['b', '—', '—', '—', '—', '❌ Failed', 'HTTP 503', '—', '4 (3)'])
    expect(rows[3]).toEqual([
      'c',
      '—',
      '—',
      'active',
      '2',
      '⚠️ Not paused; conflict ignored',
      'Its current status is active.',
      '—',
      '1 (0)'
    ])
    expect(rows[4]).toEqual([
      { data: 'Total (3)', colspan: '4' },
      '5',
      '1 resumed, 1 conflict ignored, 1 failed',
      '—',
      '—',
      '6 (3)'
    ])
    delete process.env.GITHUB_STEP_SUMMARY
  })
})

describe('escapeHtml', () => {
  it('escapes markup and table pipes', () => {
    expect(escapeHtml(`a<b>&"'|`)).toBe('a&#60;b&#62;&#38;&#34;&#39;&#124;')
  })
})
