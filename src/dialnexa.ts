import { HttpClient, HttpClientResponse } from '@actions/http-client'
import { DialNexaApiError } from './api-error.js'
import { CancelledError, throwIfCancelled } from './cancellation.js'
import { Clock } from './clock.js'
import { RateLimitGate } from './rate-limit.js'
import { parseRetryAfter, RetryPolicy, withRetries } from './retry.js'
import { clip, describeServerMessage } from './untrusted.js'
import { StatusVerb } from './verb.js'
import { parseWorkflowRecord, WorkflowRecord } from './workflow.js'
import { USER_AGENT } from './version.js'

export interface ClientOptions {
  apiUrl: string
  apiKey: string
  requestTimeoutMs: number
  retryPolicy: RetryPolicy
  clock: Clock
  signal?: AbortSignal
  /** Shared by every client using the same key; one is made if none is given. */
  rateLimit?: RateLimitGate
  /** One line per exchange, for debug logs. Never receives the key. */
  onExchange?: (line: string) => void
  onRetry?: (error: unknown, delayMs: number, retryNumber: number) => void
}

export interface CallOptions {
  /** Epoch ms that no request or back-off may run past. */
  deadline?: number
}

export interface ClientStats {
  requests: number
  retries: number
}

/** A typed client for the few DialNexa calls the action makes. Retries live here, not in callers. */
export class DialNexaClient {
  readonly stats: ClientStats = { requests: 0, retries: 0 }
  private readonly rateLimit: RateLimitGate

  constructor(private readonly options: ClientOptions) {
    this.rateLimit =
      options.rateLimit ?? new RateLimitGate(options.clock, options.retryPolicy.maxRetryAfterMs)
  }

  /** GET /workflows/{id}, retried on transient failures. */
  getWorkflow(workflowId: string, call: CallOptions = {}): Promise<WorkflowRecord> {
    return this.retrying(() => this.getWorkflowOnce(workflowId, call), call)
  }

  /** One GET attempt, no retries: for checks inside another call's own retries. */
  getWorkflowOnce(workflowId: string, call: CallOptions = {}): Promise<WorkflowRecord> {
    return this.exchange(workflowId, call)
  }

  /**
   * One POST /workflows/{id}/resume (or /pause) attempt, no retries: an unanswered change may
   * have taken effect, so repeating it needs the care in status-change.ts.
   */
  postStatusChangeOnce(verb: StatusVerb, workflowId: string): Promise<WorkflowRecord> {
    return this.exchange(workflowId, {}, verb)
  }

  retrying<T>(attempt: () => Promise<T>, call: CallOptions = {}): Promise<T> {
    return withRetries(attempt, {
      policy: this.options.retryPolicy,
      clock: this.options.clock,
      signal: this.options.signal,
      deadline: call.deadline,
      onRetry: (error, delayMs, retryNumber) => {
        this.stats.retries++
        this.options.onRetry?.(error, delayMs, retryNumber)
      }
    })
  }

  /** A GET of the record without a verb; with one, the POST of its status change. */
  private async exchange(
    workflowId: string,
    call: CallOptions,
    verb?: StatusVerb
  ): Promise<WorkflowRecord> {
    const { signal, clock } = this.options
    throwIfCancelled(signal)
    const method = verb ? 'POST' : 'GET'
    const path = `/workflows/${encodeURIComponent(workflowId)}${verb?.pathSuffix ?? ''}`
    const hold = this.rateLimit.holdMs()
    if (hold > 0)
      this.options.onExchange?.(`Rate limit reached; waiting ${hold} ms for it to reset`)
    await this.rateLimit.waitTurn(signal, call.deadline)
    const timeoutMs = this.timeoutFor(call.deadline)
    const started = clock.now()
    this.stats.requests++
    const { statusCode, headers, body } = await this.send(method, path, workflowId, timeoutMs)
    // A 503 may carry Retry-After too (RFC 9110); both mean "this key, not before then".
    const retryAfterMs =
      statusCode === 429 || statusCode === 503
        ? parseRetryAfter(firstHeader(headers['retry-after']), clock.now())
        : undefined
    this.rateLimit.observe(headers, retryAfterMs)
    this.options.onExchange?.(
      `${method} ${path} -> HTTP ${statusCode} in ${clock.now() - started} ms`
    )
    if (statusCode >= 200 && statusCode < 300) {
      const record = parseWorkflowRecord(parseJson(body), workflowId)
      if (record) return record
      throw new DialNexaApiError({
        kind: 'invalid-response',
        workflowId,
        statusCode,
        detail: describeBody(body, headers['content-type'])
      })
    }
    throw httpFailure(workflowId, statusCode, body, retryAfterMs, verb)
  }

  private timeoutFor(deadline: number | undefined): number {
    const { requestTimeoutMs, clock } = this.options
    if (deadline === undefined) return requestTimeoutMs
    return Math.max(1, Math.min(requestTimeoutMs, deadline - clock.now()))
  }

  /**
   * One HTTP exchange with a hard limit on its whole duration, body included. A client per
   * exchange lets us destroy its sockets on timeout or cancellation, which http-client
   * otherwise has no way to abort.
   */
  private async send(
    method: string,
    path: string,
    workflowId: string,
    timeoutMs: number
  ): Promise<{
    statusCode: number
    headers: HttpClientResponse['message']['headers']
    body: string
  }> {
    const http = new HttpClient(USER_AGENT, [], {
      socketTimeout: timeoutMs,
      allowRetries: false,
      allowRedirects: true,
      maxRedirects: 3
    })
    const { signal } = this.options
    let timer: NodeJS.Timeout | undefined
    let onAbort: (() => void) | undefined
    const stop = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        http.dispose()
        reject(new DialNexaApiError({ kind: 'timeout', workflowId }))
      }, timeoutMs)
      onAbort = () => {
        http.dispose()
        reject(new CancelledError())
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    })
    const exchange = (async () => {
      // Per request, never client-wide: http-client drops it on a redirect to another host.
      const response = await http.request(method, `${this.options.apiUrl}${path}`, null, {
        Authorization: `Bearer ${this.options.apiKey}`,
        Accept: 'application/json'
      })
      const body = await response.readBody()
      return {
        statusCode: response.message.statusCode ?? 0,
        headers: response.message.headers,
        body
      }
    })()
    try {
      return await Promise.race([exchange, stop])
    } catch (error) {
      throw toApiFailure(error, workflowId)
    } finally {
      clearTimeout(timer)
      if (onAbort) signal?.removeEventListener('abort', onAbort)
      exchange.catch(() => undefined)
      http.dispose()
    }
  }
}

function httpFailure(
  workflowId: string,
  statusCode: number,
  body: string,
  retryAfterMs: number | undefined,
  verb: StatusVerb | undefined
): DialNexaApiError {
  const parsed = parseJson(body)
  const fields =
    typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {}
  return new DialNexaApiError({
    kind: 'http',
    workflowId,
    statusCode,
    serverMessage:
      describeServerMessage(fields.message) ??
      describeServerMessage(fields.error) ??
      (parsed === undefined && body.trim() !== '' ? 'a non-JSON error page' : undefined),
    serverStatus: typeof fields.status === 'string' ? clip(fields.status, 40) : undefined,
    retryAfterMs,
    verb
  })
}

function toApiFailure(error: unknown, workflowId: string): unknown {
  if (error instanceof DialNexaApiError || error instanceof CancelledError) return error
  const message = error instanceof Error ? error.message : String(error)
  if (message.startsWith('Request timeout'))
    return new DialNexaApiError({ kind: 'timeout', workflowId })
  const code = (error as { code?: unknown }).code
  return new DialNexaApiError({
    kind: 'network',
    workflowId,
    detail: clip(typeof code === 'string' ? code : message, 120)
  })
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

function describeBody(body: string, contentType: string | undefined): string {
  if (body.trim() === '') return 'empty body'
  if (parseJson(body) !== undefined) return 'JSON without a workflow status'
  return `body of type ${clip(contentType ?? 'unknown', 60)}`
}
