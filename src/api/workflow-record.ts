import { BodyShape } from '../core/failure.js'
import { clip, holdsSecret } from '../core/redact.js'
import { normaliseStatus, StatusVerb } from '../core/status.js'
import { DialNexaApiError } from './retry.js'
import { Answer } from './transport.js'

/** The workflow record, parsed in one place from either shape the API reference shows. */
export interface WorkflowRecord {
  id: string
  status: string
  /** `name`, or `title` on records that have no `name`; already through the gate, never empty. */
  name?: string
  enrolledLeads?: number
  /** When not 200: a 202 says the change may still be under way. */
  httpStatus?: number
}

/** Longer than any message is ever quoted; the rest is never shown. */
const MAX_SERVER_MESSAGE = 4000

/** An answer read into a workflow record, or into failure data: never into words. */
export function readAnswer(
  workflowId: string,
  answer: Answer,
  retryAfterMs: number | undefined,
  verb: StatusVerb | undefined
): WorkflowRecord {
  const { statusCode, body, oversized } = answer
  const json = parseJson(body)
  const shape: BodyShape = oversized ? { shape: 'oversized' } : bodyShape(answer, json, workflowId)
  if (statusCode >= 200 && statusCode < 300) {
    const record = parseWorkflowRecord(json, workflowId)
    // A record that came after a redirect, or with a status but 200, may not say what happened.
    const httpStatus = answer.redirectedBy ?? statusCode
    if (record) return httpStatus === 200 ? record : { ...record, httpStatus }
    throw new DialNexaApiError({ kind: 'invalid-response', workflowId, statusCode, body: shape })
  }
  const fields = fieldsOf(json)
  throw new DialNexaApiError({
    kind: 'http',
    workflowId,
    statusCode,
    // Only the server's own words are quoted; a page that is not JSON is described, in ours.
    serverMessage: serverMessage(fields.message) ?? serverMessage(fields.error),
    body: shape.shape === 'oversized' || shape.shape === 'page' ? shape : undefined,
    // Another workflow's status says nothing about this one (a 409 uses it when no read can).
    serverStatus:
      typeof fields.status === 'string' && otherWorkflowId(fields, workflowId) === undefined
        ? normaliseStatus(clip(fields.status, 40))
        : undefined,
    retryAfterMs,
    verb: verb?.name
  })
}

/** Undefined unless `body` is a record of the workflow asked for, with a status. */
export function parseWorkflowRecord(body: unknown, workflowId: string): WorkflowRecord | undefined {
  const fields = fieldsOf(body)
  // Another workflow's record says nothing about this one, however its status reads.
  if (otherWorkflowId(fields, workflowId) !== undefined) return undefined
  // Through the gate before one spelling, so the status acted on is the status shown, and
  // lower-casing cannot hide an echoed key from redaction.
  const status = typeof fields.status === 'string' ? normaliseStatus(clip(fields.status)) : ''
  if (status === '') return undefined
  // Through the gate too: a name of invisible characters alone is no name, in every output.
  const name = [fields.name, fields.title]
    .map(text => (typeof text === 'string' ? clip(text) : ''))
    .find(text => text !== '')
  const enrolledLeads = parseCount(fields.enrolled_leads)
  return {
    id: workflowId,
    status,
    ...(name !== undefined && { name }),
    ...(enrolledLeads !== undefined && { enrolledLeads })
  }
}

function parseJson(body: string): unknown {
  try {
    // A byte-order mark before the JSON is still JSON to a tolerant reader.
    return JSON.parse(body.replace(/^\uFEFF/, ''))
  } catch {
    return undefined
  }
}

function bodyShape({ body, headers }: Answer, json: unknown, workflowId: string): BodyShape {
  if (body.trim() === '') return { shape: 'empty' }
  const other = otherWorkflowId(json, workflowId)
  if (other !== undefined) return { shape: 'other-record', id: other }
  if (json !== undefined) return { shape: 'no-status' }
  return { shape: 'page', contentType: String(headers['content-type'] ?? 'unknown') }
}

function fieldsOf(json: unknown): Record<string, unknown> {
  const isObject = typeof json === 'object' && json !== null && !Array.isArray(json)
  return isObject ? (json as Record<string, unknown>) : {}
}

function otherWorkflowId(json: unknown, workflowId: string): string | undefined {
  const { id } = fieldsOf(json)
  return typeof id === 'string' && id !== workflowId ? id : undefined
}

/** A DialNexa error's `message`: a string or an array of strings, joined as it is shown. */
function serverMessage(message: unknown): string | undefined {
  const parts = [message].flat().filter(part => typeof part === 'string' && part.trim() !== '')
  if (parts.length === 0) return undefined
  // A key split across two parts would survive "; " between its halves: joined by one space,
  // which the redaction reads through, it is redacted as it is shown.
  const joined = parts.join('; ')
  const spaced = parts.join(' ')
  const redactions = (text: string): number => clip(text, Infinity).split('***').length
  const split = holdsSecret(parts.join('')) && redactions(spaced) > redactions(joined)
  return (split ? spaced : joined).slice(0, MAX_SERVER_MESSAGE)
}

function parseCount(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value)
  return undefined
}
