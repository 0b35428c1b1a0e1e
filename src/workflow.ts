import { normaliseStatus } from './status.js'
import { clip } from './untrusted.js'

/** The workflow record, parsed in one place from either shape the API reference shows. */
export interface WorkflowRecord {
  id: string
  status: string
  /** `name`, or `title` on records that have no `name`. */
  name?: string
  enrolledLeads?: number
}

export function parseWorkflowRecord(body: unknown, fallbackId: string): WorkflowRecord | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined
  const fields = body as Record<string, unknown>
  // Read through the gate once, so the status acted on is the status shown: never "paused"
  // on screen while the action waits on, never an empty status after a resume. Then one
  // spelling (case, spaces, legacy `running`), after the gate: lower-casing first would hide
  // a key the server echoes from redaction.
  const status = typeof fields.status === 'string' ? normaliseStatus(clip(fields.status)) : ''
  if (status === '') return undefined
  const name = firstText(fields.name, fields.title)
  const enrolledLeads = parseCount(fields.enrolled_leads)
  return {
    id: typeof fields.id === 'string' ? fields.id : fallbackId,
    status,
    ...(name !== undefined && { name }),
    ...(enrolledLeads !== undefined && { enrolledLeads })
  }
}

function firstText(...candidates: unknown[]): string | undefined {
  return candidates.find((c): c is string => typeof c === 'string' && c !== '')
}

function parseCount(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value)
  return undefined
}
