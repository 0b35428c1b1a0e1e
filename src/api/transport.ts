import { HttpClient } from '@actions/http-client'
import { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import { DialNexaApiError } from './errors.js'
import { CancelledError } from '../core/cancellation.js'
import { Clock } from '../core/clock.js'
import { describeConnectionFailure } from './network.js'
import { decideRedirect, Hop } from './redirects.js'
import { USER_AGENT } from '../core/version.js'

/** One request to the DialNexa API on the wire: redirects, time limit, cancellation, failures. */

export interface Answer {
  statusCode: number
  headers: IncomingHttpHeaders
  body: string
  /** The body passed MAX_BODY_BYTES and was not read (`body` is empty); status and headers stand. */
  oversized?: boolean
}

export interface TransportOptions {
  apiKey: string
  workflowId: string
  /** A hard limit on the whole exchange, redirects and bodies included. */
  timeoutMs: number
  /** `timeoutMs` is what the caller's deadline leaves, less than 'request-timeout'. */
  cutByDeadline?: boolean
  clock: Clock
  signal?: AbortSignal
  /**
   * After `signal` aborts, how long a request already sent may still answer: a status change
   * may have taken effect, and its answer is the surest way to know. 0 stops it at once.
   */
  graceMs?: number
  /** Called as each request leaves, so every hop of a redirect is counted. */
  onRequest?: () => void
  /** One line per request, answered or not, for debug logs. Never receives the key. */
  onExchange?: (line: string) => void
}

/**
 * Sends `first` and follows the redirects `decideRedirect` allows. A client per exchange lets
 * us destroy its sockets on timeout or cancellation, which http-client otherwise cannot abort.
 */
export async function sendRequest(first: Hop, options: TransportOptions): Promise<Answer> {
  const { workflowId, timeoutMs, cutByDeadline, clock, signal } = options
  const http = new HttpClient(USER_AGENT, [], {
    socketTimeout: timeoutMs,
    allowRetries: false,
    allowRedirects: false
  })
  const apiOrigin = first.url.origin
  let current = first
  let settled = false
  const log = (line: string): void => {
    if (!settled) options.onExchange?.(`${current.method} ${pathOf(current)} -> ${line}`)
  }

  const once = async (hop: Hop): Promise<Answer> => {
    options.onRequest?.()
    const started = clock.now()
    try {
      // Per request, and only ever to the API's origin: redirects elsewhere are refused below.
      const response = await http.request(hop.method, hop.url.href, null, {
        Authorization: `Bearer ${options.apiKey}`,
        Accept: 'application/json'
      })
      const statusCode = response.message.statusCode ?? 0
      const body = await readBounded(response.message)
      // Only the body is too big: a redirect, a 409 or a 429 still means what its status says.
      if (body === undefined) {
        log(`HTTP ${statusCode}, answer over ${MAX_BODY_BYTES} bytes, not read`)
        return { statusCode, headers: response.message.headers, body: '', oversized: true }
      }
      log(`HTTP ${statusCode} in ${clock.now() - started} ms`)
      return { statusCode, headers: response.message.headers, body }
    } catch (error) {
      if (error instanceof DialNexaApiError) throw error
      const message = error instanceof Error ? error.message : String(error)
      if (message.startsWith('Request timeout')) {
        log(`no answer within ${timeoutMs} ms`)
        throw new DialNexaApiError({ kind: 'timeout', workflowId, cutByDeadline })
      }
      const { retryable, afterSending, ...network } = describeConnectionFailure(error, hop.url)
      log(`failed in ${clock.now() - started} ms: ${network.code}`)
      throw new DialNexaApiError({ kind: 'network', workflowId, network, retryable, afterSending })
    }
  }

  const exchange = (async () => {
    for (let followed = 0; ; followed++) {
      const answer = await once(current)
      const location = answer.headers.location
      const decision = decideRedirect(current, answer.statusCode, location, apiOrigin, followed)
      if (decision.action === 'answer') return answer
      if (decision.action === 'refuse') {
        throw new DialNexaApiError({
          kind: 'redirect',
          workflowId,
          statusCode: answer.statusCode,
          redirect: decision.refusal
        })
      }
      current = decision.next
    }
  })()

  let timer: NodeJS.Timeout | undefined
  let graceTimer: NodeJS.Timeout | undefined
  let onAbort: (() => void) | undefined
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      log(`no answer within ${timeoutMs} ms`)
      settled = true
      http.dispose()
      reject(new DialNexaApiError({ kind: 'timeout', workflowId, cutByDeadline }))
    }, timeoutMs)
    onAbort = () => {
      graceTimer = setTimeout(() => {
        const grace = options.graceMs ?? 0
        log(
          grace > 0
            ? `no answer within ${grace} ms of the cancellation`
            : 'cancelled before an answer came'
        )
        settled = true
        http.dispose()
        reject(new CancelledError(true))
      }, options.graceMs ?? 0)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([exchange, stop])
  } finally {
    settled = true
    clearTimeout(timer)
    clearTimeout(graceTimer)
    if (onAbort) signal?.removeEventListener('abort', onAbort)
    exchange.catch(() => undefined)
    http.dispose()
  }
}

/**
 * A workflow record or an error body is a few hundred bytes. Reading an endless or huge answer
 * whole would only spend the runner's memory (and time in the text gate) on nothing we can use.
 */
export const MAX_BODY_BYTES = 1024 * 1024

/** The body as text, or undefined (and the socket destroyed) once it passes MAX_BODY_BYTES. */
async function readBounded(message: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of message as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) {
      message.destroy()
      return undefined
    }
    chunks.push(chunk)
  }
  return decode(Buffer.concat(chunks), message.headers)
}

/**
 * As a tolerant client reads it: a Content-Encoding Node can undo (bounded, so a small bomb
 * cannot fill memory), then the charset of Content-Type; undefined when it unpacks too large.
 */
function decode(raw: Buffer, headers: IncomingHttpHeaders): string | undefined {
  const encoding = String(headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase()
  const unpack: Record<string, (b: Buffer, o: { maxOutputLength: number }) => Buffer> = {
    gzip: gunzipSync,
    'x-gzip': gunzipSync,
    deflate: inflateSync,
    br: brotliDecompressSync
  }
  let body = raw
  try {
    if (unpack[encoding]) body = unpack[encoding](raw, { maxOutputLength: MAX_BODY_BYTES })
  } catch (error) {
    if (error instanceof RangeError) return undefined
    // Not what it claims to be: read it as it came.
  }
  const charset = /charset="?([\w-]+)/i.exec(String(headers['content-type'] ?? ''))?.[1]
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body)
  } catch {
    return body.toString('utf8')
  }
}

function pathOf(hop: Hop): string {
  return `${hop.url.pathname}${hop.url.search}`
}
