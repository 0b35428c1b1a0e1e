import { CANCEL_CHECK_MS, IN_FLIGHT_GRACE_MS, throwIfCancelled } from '../core/cancellation.js'
import type { Clock } from '../core/cancellation.js'
import { Failure } from '../core/failure.js'
import { ApiKey } from '../core/secret-forms.js'
import { StatusVerb } from '../core/status.js'
import { RateLimitGate } from './rate-limit.js'
import { HoldGate, RetryPolicy, toFailure, withRetries } from './retry.js'
import { Exchange } from './transport.js'
import { readAnswer, WorkflowRecord } from './workflow-record.js'

export interface ClientOptions {
  apiUrl: string
  apiKey: ApiKey
  requestTimeoutMs: number
  retryPolicy: RetryPolicy
  clock: Clock
  signal?: AbortSignal
  /** Shared by every client using the same key: the rate limit is the key's. */
  rateLimit: RateLimitGate
  /** Debug lines, one per exchange; never the key. */
  onExchange?: (line: string) => void
  onWait?: (wait: RetryWait) => void
}

export interface CallOptions {
  /** Epoch ms that no wait before another attempt may run past; the attempts are not cut. */
  waitsUntil?: number
  /** Epoch ms that no request or back-off may run past. */
  deadline?: number
  /** The one check after the job was cancelled: bounded by CANCEL_CHECK_MS, not stopped. */
  afterCancellation?: boolean
}

export interface RetryWait {
  call: 'read' | StatusVerb['name']
  /** Undefined for a hold of the key's rate limit. */
  cause?: Failure
  delayMs: number
  /** Counts every wait of the call, holds included: what 'max-retries' bounds. */
  waitNumber: number
  /** After an unanswered attempt that may have taken effect: read first, send again only if not. */
  next: 'send' | 'check-then-send'
}

/** A typed client for the few DialNexa calls the action makes. Retries live here, not in callers. */
export class DialNexaClient {
  readonly stats = { requests: 0, waits: 0 }

  constructor(private readonly options: ClientOptions) {}

  /** So callers time their requests by the clock its waits run on. */
  readonly now = (): number => this.options.clock.now()

  getWorkflow(workflowId: string, call: CallOptions = {}): Promise<WorkflowRecord> {
    return this.retrying(() => this.once(workflowId, call), call)
  }

  retrying<T>(
    attempt: (holdGate: HoldGate) => Promise<T>,
    call: CallOptions = {},
    name: RetryWait['call'] = 'read',
    next: () => RetryWait['next'] = () => 'send'
  ): Promise<T> {
    const { retryPolicy, clock, signal, onExchange, onWait } = this.options
    return withRetries(attempt, {
      policy: retryPolicy,
      clock,
      signal,
      deadline: call.deadline ?? call.waitsUntil,
      holdMs: () => this.options.rateLimit.holdMs(),
      onWait: (error, delayMs, waitNumber) => {
        this.stats.waits++
        if (!error) onExchange?.(`Rate limit reached; waiting ${delayMs} ms for it to reset`)
        const cause = error ? toFailure(error) : undefined
        onWait?.({ call: name, cause, delayMs, waitNumber, next: next() })
      }
    })
  }

  /** One request, no retries: a check within another call's retries, or a change (change.ts). */
  async once(
    workflowId: string,
    call: CallOptions = {},
    verb?: StatusVerb
  ): Promise<WorkflowRecord> {
    const { clock, apiUrl, apiKey, requestTimeoutMs, onExchange } = this.options
    const signal = call.afterCancellation ? undefined : this.options.signal
    const deadline = call.afterCancellation ? clock.now() + CANCEL_CHECK_MS : call.deadline
    throwIfCancelled(signal)
    // 'request-timeout', or less when the deadline comes first: a timeout is then the deadline's.
    const left = (deadline ?? Infinity) - clock.now()
    const path = `/workflows/${encodeURIComponent(workflowId)}${verb ? `/${verb.name}` : ''}`
    const hop = { method: verb ? 'POST' : 'GET', url: new URL(`${apiUrl}${path}`) } as const
    const answer = await new Exchange(hop, {
      apiKey,
      workflowId,
      timeoutMs: left < requestTimeoutMs ? Math.max(1, left) : requestTimeoutMs,
      cutByDeadline: left < requestTimeoutMs,
      clock,
      signal,
      // A change already sent may have taken effect: give its answer a moment to come.
      graceMs: verb ? IN_FLIGHT_GRACE_MS : 0,
      onRequest: () => this.stats.requests++,
      onExchange
    }).run()
    const retryAfterMs = this.options.rateLimit.observe(answer.headers, answer.statusCode)
    return readAnswer(workflowId, answer, retryAfterMs, verb)
  }
}
