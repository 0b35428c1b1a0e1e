import { HttpClient } from '@actions/http-client'
import { IncomingHttpHeaders } from 'node:http'
import { MAX_BODY_BYTES, readBounded } from './body.js'
import { DialNexaApiError } from './retry.js'
import { CancelledError, Clock } from '../core/cancellation.js'
import { describeConnectionFailure } from './network.js'
import { decideRedirect, Hop } from './redirects.js'
import { USER_AGENT } from '../core/version.js'

export interface Answer {
  statusCode: number
  headers: IncomingHttpHeaders
  body: string
  /** Over MAX_BODY_BYTES, so not read (`body` is empty); status and headers stand. */
  oversized?: boolean
  /** The status of the first redirect followed to get here: the answer is another URL's. */
  redirectedBy?: number
}

export interface TransportOptions {
  apiKey: string
  workflowId: string
  /** A hard limit on the whole exchange, redirects and bodies included. */
  timeoutMs: number
  cutByDeadline: boolean
  clock: Clock
  signal?: AbortSignal
  /** After `signal` aborts, how long a request already sent may still answer. */
  graceMs: number
  /** Called as each request leaves, so every hop of a redirect is counted. */
  onRequest?: () => void
  onExchange?: (line: string) => void
}

// One request and the redirects `decideRedirect` allows, on a client of its own so that its
// sockets can be destroyed on timeout or cancellation.
export class Exchange {
  private readonly http: HttpClient
  private settled = false

  constructor(
    private current: Hop,
    private readonly options: TransportOptions
  ) {
    this.http = new HttpClient(USER_AGENT, [], {
      socketTimeout: options.timeoutMs,
      allowRetries: false,
      allowRedirects: false
    })
  }

  async run(): Promise<Answer> {
    const { timeoutMs, signal, graceMs } = this.options
    const exchange = this.followRedirects()
    let stop: (error: Error) => void = () => undefined
    const stopped = new Promise<never>((_, reject) => {
      stop = error => {
        this.settled = true
        this.http.dispose()
        reject(error)
      }
    })
    const timer = setTimeout(() => stop(this.timedOut()), timeoutMs)
    let graceTimer: NodeJS.Timeout | undefined
    const onAbort = (): void => {
      graceTimer = setTimeout(() => {
        if (graceMs > 0) this.log(`no answer within ${graceMs} ms of the cancellation`)
        else this.log('cancelled before an answer came')
        stop(new CancelledError(true))
      }, graceMs)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    try {
      return await Promise.race([exchange, stopped])
    } finally {
      this.settled = true
      clearTimeout(timer)
      clearTimeout(graceTimer)
      signal?.removeEventListener('abort', onAbort)
      exchange.catch(() => undefined)
      this.http.dispose()
    }
  }

  private async followRedirects(): Promise<Answer> {
    const origin = this.current.url.origin
    let redirectedBy: number | undefined
    for (let followed = 0; ; followed++) {
      const answer = await this.send(this.current)
      const { statusCode, headers } = answer
      const decision = decideRedirect(this.current, statusCode, headers.location, origin, followed)
      if (decision.action === 'answer') return { ...answer, redirectedBy }
      redirectedBy ??= statusCode
      if (decision.action === 'refuse') {
        const { workflowId } = this.options
        const redirect = decision.refusal
        throw new DialNexaApiError({ kind: 'redirect', workflowId, statusCode, redirect })
      }
      this.current = decision.next
    }
  }

  private async send(hop: Hop): Promise<Answer> {
    const { clock, workflowId } = this.options
    this.options.onRequest?.()
    const started = clock.now()
    try {
      // Per request, and only ever to the API's origin: redirects elsewhere are refused.
      const response = await this.http.request(hop.method, hop.url.href, null, {
        Authorization: `Bearer ${this.options.apiKey}`,
        Accept: 'application/json'
      })
      const { statusCode = 0, headers } = response.message
      const body = await readBounded(response.message)
      // Only the body is too big: a redirect, a 409 or a 429 still means what its status says.
      if (body === undefined) {
        this.log(`HTTP ${statusCode}, answer over ${MAX_BODY_BYTES} bytes, not read`)
        return { statusCode, headers, body: '', oversized: true }
      }
      this.log(`HTTP ${statusCode} in ${clock.now() - started} ms`)
      return { statusCode, headers, body }
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('Request timeout'))
        throw this.timedOut()
      const { retryable, afterSending, ...network } = describeConnectionFailure(error, hop.url)
      this.log(`failed in ${clock.now() - started} ms: ${network.code}`)
      throw new DialNexaApiError({ kind: 'network', workflowId, network, retryable, afterSending })
    }
  }

  private timedOut(): DialNexaApiError {
    const { timeoutMs, workflowId, cutByDeadline } = this.options
    this.log(`no answer within ${timeoutMs} ms`)
    return new DialNexaApiError({ kind: 'timeout', workflowId, cutByDeadline })
  }

  private log(line: string): void {
    if (this.settled) return
    const { method, url } = this.current
    this.options.onExchange?.(`${method} ${url.pathname}${url.search} -> ${line}`)
  }
}
