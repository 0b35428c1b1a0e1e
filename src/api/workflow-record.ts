import { normaliseStatus } from '../core/status.js'
import { clip } from '../core/redact.js'

/** The workflow record, parsed in one place from either shape the API reference shows. */
export interface WorkflowRecord {
  id: string
  status: string
  /** `name`, or `title` on records that have no `name`; already through the gate, never empty. */
  name?: string
  enrolledLeads?: number
  /** The HTTP status it came with, when not 200: a 202 says the change may still be under way. */
  httpStatus?: number
}

/** Undefined unless `body` is a record of the workflow asked for, with a status. */
export function parseWorkflowRecord(body: unknown, workflowId: string): WorkflowRecord | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined
  const fields = body as Record<string, unknown>
  // Another workflow's record says nothing about this one, however its status reads.
  if (otherWorkflowId(fields, workflowId) !== undefined) return undefined
  // Read through the gate once, so the status acted on is the status shown: never "paused"
  // on screen while the action waits on, never an empty status after a resume. Then one
  // spelling (case, spaces, legacy `running`), after the gate: lower-casing first would hide
  // a key the server echoes from redaction.
  const status = typeof fields.status === 'string' ? normaliseStatus(clip(fields.status)) : ''
  if (status === '') return undefined
  // Through the gate too: a name of invisible characters alone is no name, in every output.
  const name = firstText(fields.name, fields.title)
  const enrolledLeads = parseCount(fields.enrolled_leads)
  return {
    id: workflowId,
    status,
    ...(name !== undefined && { name }),
    ...(enrolledLeads !== undefined && { enrolledLeads })
  }
}

/** The record's `id` when it names a workflow other than `workflowId`. */
export function otherWorkflowId(
  fields: Record<string, unknown>,
  workflowId: string
): string | undefined {
  return typeof fields.id === 'string' && fields.id !== workflowId ? fields.id : undefined
}

/** The first candidate that shows as some text once through the gate, as it shows. */
function firstText(...candidates: unknown[]): string | undefined {
  for (const candidate of candidates) {
    const text = typeof candidate === 'string' ? clip(candidate) : ''
    if (text !== '') return text
  }
  return undefined
}

function parseCount(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value)
  return undefined
}
