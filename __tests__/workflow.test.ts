import { parseWorkflowRecord } from '../src/api/workflow-record.js'

describe('parseWorkflowRecord', () => {
  it('reads the documented record with a name and counts', () => {
    expect(
      parseWorkflowRecord(
        {
          id: 'wfl_m3v7zb9rk2px',
          name: '30-Day Lead Nurture',
          status: 'active',
          node_count: 5,
          enrolled_leads: 420
        },
        'wfl_m3v7zb9rk2px'
      )
    ).toEqual({
      id: 'wfl_m3v7zb9rk2px',
      name: '30-Day Lead Nurture',
      status: 'active',
      enrolledLeads: 420
    })
  })

  it('reads the title shape with extra fields and no counts', () => {
    expect(
      parseWorkflowRecord(
        {
          id: 'wf_abc123',
          organization_id: 'org_xyz',
          title: 'Lead Nurture Sequence',
          status: 'paused'
        },
        'wf_abc123'
      )
    ).toEqual({ id: 'wf_abc123', name: 'Lead Nurture Sequence', status: 'paused' })
  })

  it("refuses another workflow's record, whatever its status", () => {
    expect(parseWorkflowRecord({ id: 'wfl_other', status: 'active' }, 'wfl_asked')).toBeUndefined()
    // IDs are case-sensitive to the API: a differently cased ID is another workflow.
    expect(parseWorkflowRecord({ id: 'WFL_ASKED', status: 'active' }, 'wfl_asked')).toBeUndefined()
    expect(parseWorkflowRecord({ id: 'wfl_asked', status: 'active' }, 'wfl_asked')?.status).toBe(
      'active'
    )
  })

  it.each(['   ', '\u200b\u2060', '\u001b[0m\u202e', '\n\t'])(
    'counts a name that shows as nothing (%j) as no name, and takes the title instead',
    name => {
      expect(parseWorkflowRecord({ name, status: 'active' }, 'w')).toEqual({
        id: 'w',
        status: 'active'
      })
      expect(parseWorkflowRecord({ name, title: 'T', status: 'active' }, 'w')?.name).toBe('T')
      expect(parseWorkflowRecord({ title: name, status: 'active' }, 'w')).not.toHaveProperty('name')
    }
  )

  it('reads the name through the gate, as it is shown', () => {
    expect(
      parseWorkflowRecord({ name: ' Lead\u200b Nurture\n', status: 'active' }, 'w')?.name
    ).toBe('Lead Nurture')
  })

  it('prefers name over title and falls back to the requested id', () => {
    expect(parseWorkflowRecord({ name: 'N', title: 'T', status: 'active' }, 'wf_req')).toEqual({
      id: 'wf_req',
      name: 'N',
      status: 'active'
    })
  })

  // The status acted on is the status shown: a reader must never see "paused" while the
  // action waits on, nor an empty status after a resume.
  it.each([
    ['a trailing line break', 'paused\n', 'paused'],
    ['a zero-width space', 'pau\u200bsed', 'paused'],
    ['a colour escape', '\u001b[32mpaused\u001b[0m', 'paused'],
    ['padding', '  active ', 'active']
  ])('reads a status with %s as it is shown', (_how, sent, status) => {
    expect(parseWorkflowRecord({ status: sent }, 'w')?.status).toBe(status)
  })

  it.each(['   ', '\u200b', '\u001b[0m', '\n'])(
    'finds no record when the status shows as nothing (%j)',
    status => expect(parseWorkflowRecord({ status }, 'w')).toBeUndefined()
  )

  it('accepts a count sent as a digit string and ignores nonsense counts', () => {
    expect(
      parseWorkflowRecord({ status: 'active', enrolled_leads: '17' }, 'w')?.enrolledLeads
    ).toBe(17)
    for (const bad of [-1, 1.5, 'many', null]) {
      expect(
        parseWorkflowRecord({ status: 'active', enrolled_leads: bad }, 'w')?.enrolledLeads
      ).toBeUndefined()
    }
  })

  it.each([
    ['PAUSED', 'paused'],
    ['paused ', 'paused'],
    ['Running', 'active']
  ])('reads the status %j as the one spelling %s', (raw, status) => {
    expect(parseWorkflowRecord({ status: raw }, 'w')?.status).toBe(status)
  })

  it.each([null, 'text', [], {}, { status: 3 }, { status: '' }, { status: '  ' }])(
    'rejects %j',
    body => {
      expect(parseWorkflowRecord(body, 'w')).toBeUndefined()
    }
  )
})
