import { SimWorkflow } from './simulator.js'

/** Workflows the simulator starts with for the demo and for people trying the action by hand. */
export function seedWorkflows(): SimWorkflow[] {
  return [
    {
      id: 'wfl_m3v7zb9rk2px',
      name: '30-Day Lead Nurture',
      status: 'paused',
      node_count: 5,
      edge_count: 6,
      enrolled_leads: 420,
      created_at: '2024-04-01T08:00:00.000Z'
    },
    {
      id: 'wf_abc123',
      organization_id: 'org_xyz',
      title: 'Lead Nurture Sequence',
      description: 'Older record shape: title instead of name, no counts',
      status: 'active',
      created_at: '2024-03-01T09:00:00.000Z',
      updated_at: '2024-03-02T11:00:00.000Z'
    },
    { id: 'wfl_quiet_hours', name: 'Quiet-Hours Follow-up', status: 'active', enrolled_leads: 180 },
    {
      id: 'wfl_spring_2024',
      name: 'Spring Reactivation',
      status: 'completed',
      enrolled_leads: 1250
    },
    { id: 'wfl_legacy_emea', name: 'EMEA Win-back', status: 'running', enrolled_leads: 64 }
  ]
}
