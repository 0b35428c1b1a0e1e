import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { AddressInfo, Socket } from 'node:net'
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { errorBody } from './error-body.js'
import { Action, ContentEncoding, Fault, FaultQueue, FaultRule } from './faults.js'
import { RateWindows } from './rate-windows.js'

export type { Action, ContentEncoding, Fault, FaultRule } from './faults.js'
export { errorBody } from './error-body.js'

/**
 * A DialNexa-compatible API on 127.0.0.1 for tests, the demo and benchmarks. It keeps the
 * status machine, answers in DialNexa's shapes, and can be scripted to misbehave.
 */

export interface SimWorkflow {
  id: string
  status: string
  name?: string
  title?: string
  enrolled_leads?: number
  [field: string]: unknown
}

export interface RecordedRequest {
  method: string
  path: string
  action?: Action
  workflowId?: string
  authorization?: string
  userAgent?: string
  at: number
  statusCode?: number
  /** The fault the request got, by its rule's label or its type. */
  fault?: string
}

export interface StatusChange {
  workflowId: string
  from: string
  to: string
  at: number
}

export interface SimulatorOptions {
  /** Keys accepted as `Authorization: Bearer <key>`. */
  apiKeys?: string[]
  /** Keys that authenticate but may not touch workflows (403). */
  forbiddenKeys?: string[]
  workflows?: SimWorkflow[]
  /** Added before every answer, to model a distant API. */
  latencyMs?: number
  /**
   * Requests allowed per key per window; the window resets on a fixed clock. `now` is that clock
   * (default Date.now): a test's fake clock, shared with the client, lets the windows and the
   * client's holds agree without real waiting and without a window edge falling mid-test.
   */
  rateLimit?: { limit: number; windowMs: number; now?: () => number }
  /** Path prefix the API lives under, like the real `/v1`. */
  basePath?: string
  /** Serve https with this key and certificate (PEM) instead of plain http. */
  tls?: { key: string; cert: string }
  /** Called as each request arrives, e.g. to move a test's fake clock by the time it takes. */
  onRequest?: (request: RecordedRequest) => void
  /**
   * The server's clock is this many milliseconds ahead of the real one (behind, if negative), or
   * of `rateLimit.now` when given. Every answer's `Date` header is read from the server's clock,
   * and the rate-limit windows and `X-RateLimit-Reset` run on it: a client that measures the reset
   * against its own clock is off by the skew, one that measures it against `Date` is not.
   */
  clockSkewMs?: number
  /**
   * Serve `POST <resetPath>` (e.g. `/_reset`, outside the base path, no key needed): it calls
   * reset(), then `onReset`, e.g. to script the faults again, and answers 200.
   */
  resetPath?: string
  onReset?: () => void
}

/** A resume, pause or cancel accepted by an `accepted-late` fault and not applied yet. */
interface LateChange {
  action: 'resume' | 'pause' | 'cancel'
  workflowId: string
  /** Requests for the workflow still to arrive before it is applied (with the last of them). */
  requestsLeft?: number
  timer?: NodeJS.Timeout
  applied: boolean
}

/** How an `encoded` fault sends an answer's body. */
interface Encoding {
  bom?: boolean
  contentEncoding?: ContentEncoding
  contentType?: string
}

const COMPRESS: Record<ContentEncoding, (body: Buffer) => Buffer> = {
  gzip: body => gzipSync(body),
  deflate: body => deflateSync(body),
  br: body => brotliCompressSync(body)
}

export const SIMULATOR_API_KEY = 'dnx_test_simulator_key_0000'

const TRANSITIONS: Record<'resume' | 'pause' | 'cancel', { from: string[]; to: string }> = {
  resume: { from: ['paused'], to: 'active' },
  pause: { from: ['active', 'running'], to: 'paused' },
  cancel: { from: ['draft', 'active', 'running', 'paused'], to: 'cancelled' }
}

export class DialNexaSimulator {
  readonly requests: RecordedRequest[] = []
  readonly statusChanges: StatusChange[] = []
  /** TCP connections accepted, answered or not: a refused TLS handshake still counts. */
  connections = 0
  inFlight = 0
  maxInFlight = 0
  private readonly workflows = new Map<string, SimWorkflow>()
  private readonly faults = new FaultQueue()
  private readonly sockets = new Set<Socket>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private readonly rateWindows?: RateWindows
  private server?: Server
  private readonly options: Required<
    Omit<
      SimulatorOptions,
      'workflows' | 'rateLimit' | 'tls' | 'onRequest' | 'clockSkewMs' | 'resetPath' | 'onReset'
    >
  >
  private readonly tls?: SimulatorOptions['tls']
  private readonly onRequest?: (request: RecordedRequest) => void
  private readonly arrivalWatchers = new Set<() => void>()
  private readonly statusWatchers = new Set<() => void>()
  private readonly lateChanges = new Set<LateChange>()
  private readonly encodings = new WeakMap<ServerResponse, Encoding>()
  private readonly clockSkewMs?: number
  private readonly clock: () => number
  private readonly scheduled = new Set<NodeJS.Timeout>()
  private initialWorkflows: SimWorkflow[] = []
  private readonly resetPath?: string
  private readonly onReset?: () => void

  constructor(options: SimulatorOptions = {}) {
    this.options = {
      apiKeys: options.apiKeys ?? [SIMULATOR_API_KEY],
      forbiddenKeys: options.forbiddenKeys ?? [],
      latencyMs: options.latencyMs ?? 0,
      basePath: options.basePath ?? '/v1'
    }
    this.tls = options.tls
    this.onRequest = options.onRequest
    this.clockSkewMs = options.clockSkewMs
    this.resetPath = options.resetPath
    this.onReset = options.onReset
    const base = options.rateLimit?.now ?? Date.now
    this.clock = () => base() + (options.clockSkewMs ?? 0)
    if (options.rateLimit)
      this.rateWindows = new RateWindows({ ...options.rateLimit, now: this.clock })
    for (const workflow of options.workflows ?? []) this.addWorkflow(workflow)
  }

  /** Listens on 127.0.0.1; port 0 picks a free one. Returns the API base URL. */
  async start(port = 0): Promise<string> {
    const handler = (req: IncomingMessage, res: ServerResponse): void => void this.handle(req, res)
    const server = this.tls ? createHttpsServer(this.tls, handler) : createServer(handler)
    server.on('connection', socket => {
      this.connections++
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
    this.server = server
    this.initialWorkflows = [...this.workflows.values()].map(workflow => structuredClone(workflow))
    return this.url
  }

  /**
   * Puts the workflows back as they were when the simulator started, and drops scripted faults,
   * scheduled status changes, accepted changes not applied yet and rate-limit budgets. The
   * request log and the status changes so far are kept; answers in flight are left alone.
   */
  reset(): void {
    this.workflows.clear()
    for (const workflow of this.initialWorkflows) this.addWorkflow(structuredClone(workflow))
    this.faults.clear()
    for (const timer of this.scheduled) {
      clearTimeout(timer)
      this.timers.delete(timer)
    }
    this.scheduled.clear()
    for (const change of this.lateChanges) {
      change.applied = true
      if (change.timer) {
        clearTimeout(change.timer)
        this.timers.delete(change.timer)
      }
    }
    this.lateChanges.clear()
    this.rateWindows?.clear()
  }

  get url(): string {
    if (!this.server) throw new Error('The simulator is not started.')
    const { port } = this.server.address() as AddressInfo
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${port}${this.options.basePath}`
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    for (const socket of this.sockets) socket.destroy()
    const server = this.server
    this.server = undefined
    if (server) await new Promise<void>(resolve => server.close(() => resolve()))
  }

  addWorkflow(workflow: SimWorkflow): void {
    this.workflows.set(workflow.id, { ...workflow })
  }

  workflow(id: string): SimWorkflow | undefined {
    const found = this.workflows.get(id)
    return found && { ...found }
  }

  setStatus(id: string, status: string): void {
    const workflow = this.workflows.get(id)
    if (!workflow) throw new Error(`No workflow ${id} in the simulator.`)
    if (workflow.status === status) return
    this.statusChanges.push({ workflowId: id, from: workflow.status, to: status, at: Date.now() })
    workflow.status = status
    for (const watcher of [...this.statusWatchers]) watcher()
  }

  /**
   * Resolves once the workflow's status is `status`, at once if it is already: a test's cue that
   * a change applied later (`accepted-late`, `scheduleStatus`) has happened, without guessing
   * how long that takes.
   */
  whenStatus(id: string, status: string): Promise<void> {
    return new Promise(resolve => {
      const reached = (): boolean => this.workflows.get(id)?.status === status
      if (reached()) return resolve()
      const watcher = (): void => {
        if (!reached()) return
        this.statusWatchers.delete(watcher)
        resolve()
      }
      this.statusWatchers.add(watcher)
    })
  }

  /** Changes a workflow's status later, as an operator pausing it from the dashboard would. */
  scheduleStatus(id: string, status: string, afterMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      this.scheduled.delete(timer)
      this.setStatus(id, status)
    }, afterMs)
    this.timers.add(timer)
    this.scheduled.add(timer)
  }

  injectFault(rule: FaultRule): void {
    this.faults.add(rule)
  }

  requestsFor(action: Action, workflowId?: string): RecordedRequest[] {
    return this.requests.filter(
      r => r.action === action && (workflowId === undefined || r.workflowId === workflowId)
    )
  }

  /**
   * Resolves once a request for `action` (on `workflowId`, if given) has arrived, at once if one
   * already has; with `count`, once that many have, with the last of them. A test's cue to act at
   * a point the action has reached (e.g. to cancel it while it waits), rather than after a guessed
   * delay that a slow start-up on a busy machine outruns. A callback on it runs once that
   * request's answer is sent, unless a fault holds the answer back.
   */
  arrival(action: Action, workflowId?: string, count = 1): Promise<RecordedRequest> {
    return new Promise(resolve => {
      const found = (): boolean => {
        const request = this.requestsFor(action, workflowId)[count - 1]
        if (request) resolve(request)
        return request !== undefined
      }
      if (found()) return
      const watcher = (): void => void (found() && this.arrivalWatchers.delete(watcher))
      this.arrivalWatchers.add(watcher)
    })
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization,
      userAgent: req.headers['user-agent'],
      at: Date.now()
    }
    this.requests.push(record)
    this.onRequest?.(record)
    // Always from its own clock: on a test's fake clock, the Date Node adds would be the real time,
    // which a client measuring X-RateLimit-Reset against Date would read as a skew.
    res.setHeader('Date', new Date(this.clock()).toUTCString())
    this.inFlight++
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    res.on('close', () => this.inFlight--)
    req.resume()
    try {
      await this.route(req, res, record)
    } catch (error) {
      this.send(res, record, 500, errorBody(500, String(error)))
    }
  }

  private async route(
    req: IncomingMessage,
    res: ServerResponse,
    record: RecordedRequest
  ): Promise<void> {
    if (this.options.latencyMs > 0) await this.sleep(this.options.latencyMs)
    const path = new URL(record.path, 'http://simulator').pathname
    if (this.resetPath !== undefined && path === this.resetPath && req.method === 'POST') {
      this.reset()
      this.onReset?.()
      return this.send(res, record, 200, { reset: true, workflows: this.workflows.size })
    }
    const base = this.options.basePath
    const match = path.startsWith(`${base}/workflows`)
      ? /^\/workflows(?:\/([^/]+)(?:\/(resume|pause|cancel))?)?\/?$/.exec(path.slice(base.length))
      : null
    if (!match)
      return this.send(res, record, 404, errorBody(404, `Cannot ${record.method} ${path}`))
    const workflowId = match[1] === undefined ? undefined : decodeURIComponent(match[1])
    const verb = match[2] as Action | undefined
    const action: Action = verb ?? (workflowId ? 'get' : 'list')
    record.action = action
    record.workflowId = workflowId
    if (workflowId !== undefined) this.countTowardsLateChanges(workflowId)
    for (const watcher of [...this.arrivalWatchers]) watcher()
    const expected = action === 'get' || action === 'list' ? 'GET' : 'POST'
    if (req.method !== expected) {
      return this.send(res, record, 404, errorBody(404, `Cannot ${req.method} ${path}`))
    }

    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    if (
      !key ||
      (!this.options.apiKeys.includes(key) && !this.options.forbiddenKeys.includes(key))
    ) {
      return this.send(res, record, 401, errorBody(401, 'Invalid or missing API key'))
    }
    const limited = this.rateWindows?.count(key, res) ?? false
    if (limited) return this.send(res, record, 429, errorBody(429, 'Too many requests'))
    if (this.options.forbiddenKeys.includes(key)) {
      return this.send(res, record, 403, errorBody(403, 'This API key cannot manage workflows'))
    }

    const rule = this.faults.take(record)
    if (rule) {
      record.fault = rule.label ?? rule.fault.type
      const handled = await this.applyFault(rule.fault, res, record, () =>
        this.perform(action, workflowId)
      )
      if (handled) return
    }
    const [status, body] = this.perform(action, workflowId)
    this.send(res, record, status, body)
  }

  private perform(action: Action, workflowId: string | undefined): [number, unknown] {
    if (action === 'list') {
      const data = [...this.workflows.values()]
      return [
        200,
        { data, meta: { page: 1, limit: data.length, total: data.length, totalPages: 1 } }
      ]
    }
    const workflow = workflowId === undefined ? undefined : this.workflows.get(workflowId)
    if (!workflow || workflowId === undefined) {
      return [404, errorBody(404, `Workflow ${workflowId ?? ''} not found`)]
    }
    if (action === 'get') return [200, workflow]
    const transition = TRANSITIONS[action]
    if (!transition.from.includes(workflow.status)) {
      return [409, errorBody(409, `Workflow cannot ${action} from status '${workflow.status}'`)]
    }
    this.setStatus(workflowId, transition.to)
    return [200, workflow]
  }

  /** Returns true when the fault produced the answer (or deliberately none). */
  private async applyFault(
    fault: Fault,
    res: ServerResponse,
    record: RecordedRequest,
    apply: () => unknown
  ): Promise<boolean> {
    switch (fault.type) {
      case 'error':
        this.send(res, record, fault.status, errorBody(fault.status, fault.message), fault.headers)
        return true
      case 'rate-limit':
        this.send(
          res,
          record,
          429,
          errorBody(429, 'Too many requests'),
          fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter }
        )
        return true
      case 'html':
        this.sendRaw(
          res,
          record,
          fault.status,
          '<html><body><h1>502 Bad Gateway</h1></body></html>',
          'text/html'
        )
        return true
      case 'raw':
        if (fault.afterApply) apply()
        this.sendRaw(
          res,
          record,
          fault.status,
          fault.body,
          fault.contentType ?? 'text/plain',
          fault.headers
        )
        return true
      case 'delay':
        await this.sleep(fault.ms)
        return false
      case 'wait-for':
        await fault.event.catch(() => undefined)
        return false
      case 'hang':
        return true
      case 'hang-after-apply':
        apply()
        return true
      case 'reset':
        if (fault.afterApply) apply()
        record.statusCode = 0
        res.socket?.destroy()
        return true
      case 'error-after-apply':
        apply()
        this.send(res, record, fault.status, errorBody(fault.status))
        return true
      case 'garbled':
        if (fault.afterApply) apply()
        record.statusCode = 0
        res.socket?.end(
          'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 7\r\n\r\n{}'
        )
        return true
      case 'redirect':
        if (fault.afterApply) apply()
        this.sendRaw(
          res,
          record,
          fault.status,
          '',
          'text/plain',
          fault.location === undefined ? {} : { Location: fault.location }
        )
        return true
      case 'accepted-late':
        return this.acceptLate(fault, res, record)
      case 'encoded':
        this.encodings.set(res, fault)
        return fault.fault ? this.applyFault(fault.fault, res, record, apply) : false
    }
  }

  /** Answers an `accepted-late` fault and arms its change; false when it answers as usual. */
  private acceptLate(
    fault: Extract<Fault, { type: 'accepted-late' }>,
    res: ServerResponse,
    record: RecordedRequest
  ): boolean {
    const { action, workflowId } = record
    if (action !== 'resume' && action !== 'pause' && action !== 'cancel') return false
    const workflow = workflowId === undefined ? undefined : this.workflows.get(workflowId)
    if (!workflow || workflowId === undefined) return false
    if (!TRANSITIONS[action].from.includes(workflow.status)) return false
    const change: LateChange = {
      action,
      workflowId,
      requestsLeft: fault.applyOnRequest,
      applied: false
    }
    this.lateChanges.add(change)
    if (fault.applyAfterMs !== undefined) {
      change.timer = setTimeout(() => this.applyLate(change), fault.applyAfterMs)
      this.timers.add(change.timer)
    }
    void fault.applyOn?.then(
      () => this.applyLate(change),
      () => this.applyLate(change)
    )
    this.send(res, record, fault.status ?? 202, workflow)
    return true
  }

  private countTowardsLateChanges(workflowId: string): void {
    for (const change of [...this.lateChanges]) {
      if (change.workflowId !== workflowId || change.requestsLeft === undefined) continue
      change.requestsLeft--
      if (change.requestsLeft <= 0) this.applyLate(change)
    }
  }

  /** Applies an accepted change once, if the workflow's status still allows it. */
  private applyLate(change: LateChange): void {
    if (change.applied) return
    change.applied = true
    this.lateChanges.delete(change)
    if (change.timer) {
      clearTimeout(change.timer)
      this.timers.delete(change.timer)
    }
    const workflow = this.workflows.get(change.workflowId)
    const transition = TRANSITIONS[change.action]
    if (workflow && transition.from.includes(workflow.status))
      this.setStatus(change.workflowId, transition.to)
  }

  private send(
    res: ServerResponse,
    record: RecordedRequest,
    status: number,
    body: unknown,
    headers: Record<string, string> = {}
  ): void {
    this.sendRaw(res, record, status, JSON.stringify(body), 'application/json', headers)
  }

  private sendRaw(
    res: ServerResponse,
    record: RecordedRequest,
    status: number,
    body: string,
    contentType: string,
    headers: Record<string, string> = {}
  ): void {
    record.statusCode = status
    if (res.destroyed) return
    const encoding = this.encodings.get(res)
    let bytes: Buffer = Buffer.from(encoding?.bom ? `\uFEFF${body}` : body, 'utf8')
    const encoded: Record<string, string> = {}
    if (encoding?.contentEncoding) {
      bytes = COMPRESS[encoding.contentEncoding](bytes)
      encoded['Content-Encoding'] = encoding.contentEncoding
    }
    res.writeHead(status, {
      'Content-Type': encoding?.contentType ?? contentType,
      ...encoded,
      ...headers
    })
    res.end(bytes)
  }

  private sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        this.timers.delete(timer)
        resolve()
      }, ms)
      this.timers.add(timer)
    })
  }
}
