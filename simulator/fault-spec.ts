import { Action, ContentEncoding, Fault, FaultRule } from './faults.js'

/**
 * The simulator CLI's `--fault` option: `<METHOD> <path>=<fault>[+<modifier>…][*<times>]`, e.g.
 * `POST /workflows/wfl_x/resume=503*3`. Turned into a FaultRule, or an Error saying what is wrong.
 */

export const FAULT_SYNTAX = `--fault '<METHOD> <path>=<fault>[+<modifier>...][*<times>]'
                             a scripted failure for matching requests, used up after <times>
                             requests (default 1); repeatable, applied in order. <path> is
                             /workflows/<id>/resume (or /pause, /cancel) for POST, and
                             /workflows/<id> or /workflows for GET; a leading /v1 is allowed.
                             <fault>:
                               <status>         an API error body with that status, 400-599
                               429:<seconds>    429 with Retry-After: <seconds>
                               reset            the connection is closed, no answer
                               hang             no answer at all (until the client gives up)
                               html             a proxy's 502 HTML page
                               garbled          an answer no HTTP client can parse
                               <3xx>-no-location  a redirect without Location, e.g. 303-no-location
                               202-late[:<ms>]  202 with the old record; the change is applied
                                                <ms> later (default 5000)
                               ok               the normal answer (to add a modifier to)
                             <modifier>:
                               applied          apply the call first (reset, hang, garbled,
                                                <status>, <3xx>-no-location): it worked, but
                                                the client cannot tell
                               bom              a UTF-8 byte-order mark before the body
                               gzip, deflate, br  a compressed body (Content-Encoding)
                               charset          Content-Type: application/json; charset=utf-8
                             e.g. 'POST /workflows/wfl_m3v7zb9rk2px/resume=409',
                             '…/resume=503*3', '…/resume=reset+applied', '…/resume=429:30',
                             'GET /workflows/wfl_m3v7zb9rk2px=bom+gzip'`

const VERBS = new Set(['resume', 'pause', 'cancel'])
const ENCODINGS = new Set<string>(['gzip', 'deflate', 'br'])
/** Base faults that `+applied` can follow: the call is applied, and the answer is lost. */
const APPLICABLE = new Set(['reset', 'hang', 'garbled', 'status', 'no-location'])

type Base =
  | { kind: 'status'; status: number }
  | { kind: 'retry-after'; seconds: string }
  | { kind: 'reset' | 'hang' | 'html' | 'garbled' | 'ok' }
  | { kind: 'no-location'; status: number }
  | { kind: 'late'; ms: number }

export function parseFaultSpec(text: string, basePath = '/v1'): FaultRule {
  const fail = (why: string): never => {
    throw new Error(`--fault "${text}": ${why}`)
  }
  const spec = /^\s*([A-Za-z]+)\s+(\/\S*?)=(\S+?)(?:\*(\d+))?\s*$/.exec(text)
  if (!spec) return fail(`must look like 'POST /workflows/<id>/resume=503' or '…=503*3'`)
  const [, methodText, pathText, faultText, timesText] = spec
  const method = methodText!.toUpperCase()
  if (method !== 'GET' && method !== 'POST') return fail(`the method must be GET or POST`)

  const path = pathText!.startsWith(`${basePath}/`) ? pathText!.slice(basePath.length) : pathText!
  const route = /^\/workflows(?:\/([^/]+)(?:\/([a-z]+))?)?\/?$/.exec(path)
  if (!route || (route[2] !== undefined && !VERBS.has(route[2])))
    return fail(
      `the path must be /workflows/<id>/resume (or /pause, /cancel), /workflows/<id> or /workflows`
    )
  const workflowId = route[1] === undefined ? undefined : decodeURIComponent(route[1])
  const action: Action = (route[2] as Action | undefined) ?? (workflowId ? 'get' : 'list')
  const expected = action === 'get' || action === 'list' ? 'GET' : 'POST'
  if (method !== expected) return fail(`${path} is requested with ${expected}, not ${method}`)

  const times = timesText === undefined ? 1 : Number(timesText)
  if (times < 1) return fail(`*<times> must be 1 or more`)

  let base: Base | undefined
  let applied = false
  const encoding: { bom?: boolean; contentEncoding?: ContentEncoding; contentType?: string } = {}
  const setBase = (next: Base): void => {
    if (base) fail(`name one fault, not "${describe(base)}" and "${describe(next)}"`)
    base = next
  }
  for (const part of faultText!.split('+')) {
    let match: RegExpExecArray | null
    if (part === 'applied') applied = true
    else if (part === 'bom') encoding.bom = true
    else if (part === 'charset') encoding.contentType = 'application/json; charset=utf-8'
    else if (ENCODINGS.has(part)) {
      if (encoding.contentEncoding) fail(`name one of gzip, deflate and br`)
      encoding.contentEncoding = part as ContentEncoding
    } else if (part === 'reset' || part === 'hang' || part === 'html' || part === 'garbled')
      setBase({ kind: part })
    else if (part === 'ok') setBase({ kind: 'ok' })
    else if ((match = /^429:(\d+)$/.exec(part)))
      setBase({ kind: 'retry-after', seconds: match[1]! })
    else if ((match = /^(\d{3})$/.exec(part))) {
      const status = Number(match[1])
      if (status < 400 || status > 599)
        fail(`a status must be 400-599 (for a redirect, use ${status}-no-location)`)
      setBase({ kind: 'status', status })
    } else if ((match = /^(3\d\d)-no-location$/.exec(part)))
      setBase({ kind: 'no-location', status: Number(match[1]) })
    else if ((match = /^202-late(?::(\d+))?$/.exec(part)))
      setBase({ kind: 'late', ms: match[1] === undefined ? 5000 : Number(match[1]) })
    else
      fail(
        `unknown fault or modifier "${part}" (faults: <status>, 429:<seconds>, reset, hang, html, garbled, <3xx>-no-location, 202-late[:<ms>], ok; modifiers: applied, bom, gzip, deflate, br, charset)`
      )
  }
  const chosen: Base = base ?? { kind: 'ok' }

  if (applied && expected === 'GET') fail(`+applied is for POST resume, pause or cancel`)
  if (applied && !APPLICABLE.has(chosen.kind))
    fail(`+applied goes with reset, hang, garbled, a status or <3xx>-no-location`)
  if (chosen.kind === 'late' && expected === 'GET')
    fail(`202-late is for POST resume, pause or cancel`)
  const encoded = Object.keys(encoding).length > 0
  if (encoded && (chosen.kind === 'reset' || chosen.kind === 'hang' || chosen.kind === 'garbled'))
    fail(`${chosen.kind} sends no body, so bom, gzip, deflate, br and charset do not apply`)

  let fault: Fault | undefined
  switch (chosen.kind) {
    case 'status':
      fault = applied
        ? { type: 'error-after-apply', status: chosen.status }
        : chosen.status === 429
          ? { type: 'rate-limit' }
          : { type: 'error', status: chosen.status }
      break
    case 'retry-after':
      fault = { type: 'rate-limit', retryAfter: chosen.seconds }
      break
    case 'reset':
      fault = { type: 'reset', afterApply: applied }
      break
    case 'hang':
      fault = applied ? { type: 'hang-after-apply' } : { type: 'hang' }
      break
    case 'garbled':
      fault = { type: 'garbled', afterApply: applied }
      break
    case 'html':
      fault = { type: 'html', status: 502 }
      break
    case 'no-location':
      fault = { type: 'redirect', status: chosen.status, afterApply: applied }
      break
    case 'late':
      fault = { type: 'accepted-late', applyAfterMs: chosen.ms }
      break
    case 'ok':
      fault = undefined
      break
  }
  if (encoded) fault = { type: 'encoded', ...encoding, fault }
  // `ok` alone: the normal answer, through a fault that changes nothing.
  fault ??= { type: 'encoded' }
  return {
    method,
    action,
    workflowId,
    fault,
    times,
    label: `${faultText}${times === 1 ? '' : `*${times}`}`
  }
}

function describe(base: Base): string {
  switch (base.kind) {
    case 'status':
      return String(base.status)
    case 'retry-after':
      return `429:${base.seconds}`
    case 'no-location':
      return `${base.status}-no-location`
    case 'late':
      return '202-late'
    default:
      return base.kind
  }
}
