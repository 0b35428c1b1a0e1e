import { BodyShape } from '../core/failure.js'
import { clip } from '../core/redact.js'
import { normaliseStatus } from '../core/status.js'
import { StatusVerb } from '../core/verb.js'
import { DialNexaApiError } from './errors.js'
import { Answer } from './transport.js'
import { otherWorkflowId, parseWorkflowRecord, WorkflowRecord } from './workflow-record.js'

/** An answer read into a workflow record, or into failure data: never into words. */

/** Longer than any message is ever quoted; the rest is never shown. */
const MAX_SERVER_MESSAGE = 4000

export function readAnswer(
  workflowId: string,
  { statusCode, headers, body, oversized }: Answer,
  retryAfterMs: number | undefined,
  verb: StatusVerb | undefined
): WorkflowRecord {
  const json = parseJson(body)
  const contentType = String(headers['content-type'] ?? 'unknown')
  if (statusCode >= 200 && statusCode < 300) {
    const record = parseWorkflowRecord(json, workflowId)
    if (record) return statusCode === 200 ? record : { ...record, httpStatus: statusCode }
    const shape = oversized
      ? { shape: 'oversized' as const }
      : bodyShape(body, json, contentType, workflowId)
    throw new DialNexaApiError({ kind: 'invalid-response', workflowId, statusCode, body: shape })
  }
  const fields = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {}
  throw new DialNexaApiError({
    kind: 'http',
    workflowId,
    statusCode,
    // Only the server's own words are quoted; a page that is not JSON is described, in ours.
    serverMessage: serverMessage(fields.message) ?? serverMessage(fields.error),
    body: oversized
      ? { shape: 'oversized' }
      : json === undefined && body.trim() !== ''
        ? { shape: 'page', contentType }
        : undefined,
    // Another workflow's status says nothing about this one (a 409 uses it when no read can).
    serverStatus:
      typeof fields.status === 'string' && otherWorkflowId(fields, workflowId) === undefined
        ? normaliseStatus(clip(fields.status, 40))
        : undefined,
    retryAfterMs,
    verb: verb?.name
  })
}

function parseJson(body: string): unknown {
  try {
    // A byte-order mark before the JSON is still JSON to a tolerant reader.
    return JSON.parse(body.replace(/^\uFEFF/, ''))
  } catch {
    return undefined
  }
}

function bodyShape(
  body: string,
  json: unknown,
  contentType: string,
  workflowId: string
): BodyShape {
  if (body.trim() === '') return { shape: 'empty' }
  const record = typeof json === 'object' && json !== null && !Array.isArray(json)
  const other = record ? otherWorkflowId(json as Record<string, unknown>, workflowId) : undefined
  if (other !== undefined) return { shape: 'other-record', id: other }
  return json !== undefined ? { shape: 'no-status' } : { shape: 'page', contentType }
}

/** `message` of a DialNexa error body: a string or an array of strings, joined as it is shown. */
function serverMessage(message: unknown): string | undefined {
  const parts = (Array.isArray(message) ? message : [message]).filter(
    (m): m is string => typeof m === 'string' && m.trim() !== ''
  )
  return parts.length > 0 ? parts.join('; ').slice(0, MAX_SERVER_MESSAGE) : undefined
}
