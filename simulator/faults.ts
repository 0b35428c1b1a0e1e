/** Scripted misbehaviour for the simulator: which requests get it, and what it is. */

export type Action = 'get' | 'list' | 'resume' | 'pause' | 'cancel'

export type Fault =
  /** Answer with this status and a DialNexa error body (or `body`), without applying the call. */
  | { type: 'error'; status: number; message?: string | string[]; headers?: Record<string, string> }
  /** 429 with an optional Retry-After (seconds or HTTP date). */
  | { type: 'rate-limit'; retryAfter?: string }
  /** An HTML page, as a proxy or load balancer would send. */
  | { type: 'html'; status: number }
  /** Any raw body (and headers); with `afterApply` the call takes effect first. */
  | {
      type: 'raw'
      status: number
      body: string
      contentType?: string
      headers?: Record<string, string>
      afterApply?: boolean
    }
  /** Wait, then handle the request normally. */
  | { type: 'delay'; ms: number }
  /**
   * Wait until `event` settles, then handle the request normally: a test's way to answer only
   * once the action has reached a point (e.g. printed a line), however long a busy machine makes
   * that take, where a `delay` would guess.
   */
  | { type: 'wait-for'; event: Promise<unknown> }
  /** Never answer; the socket is closed only when the simulator stops. */
  | { type: 'hang' }
  /** Destroy the connection; with `afterApply` the call takes effect first. */
  | { type: 'reset'; afterApply?: boolean }
  /** Apply the call, then answer with a server error, so the client cannot know it worked. */
  | { type: 'error-after-apply'; status: number }
  /** Apply the call, then never answer. */
  | { type: 'hang-after-apply' }
  /**
   * An answer Node cannot parse (two different Content-Lengths), as a broken proxy sends; with
   * `afterApply` the call takes effect first.
   */
  | { type: 'garbled'; afterApply?: boolean }
  /**
   * Redirect to `location`, absolute or relative; with `afterApply` the call takes effect first.
   * Without `location` the answer has no `Location` header, so it cannot be followed: an answer
   * that neither confirms nor refutes the call.
   */
  | { type: 'redirect'; status: number; location?: string; afterApply?: boolean }
  /**
   * Accept a resume, pause or cancel without applying it yet: answer `status` (default 202) with
   * the workflow record as it is, still showing the old status, and apply the change later, once
   * one of these comes (the first that does; with none of them, never):
   * - `applyOnRequest: n`: as the n-th later request for the same workflow arrives, before it is
   *   answered, so that request is the first to see the change (1: the very next one);
   * - `applyOn`: when this promise settles, e.g. once the action has printed a line;
   * - `applyAfterMs`: after this many milliseconds (a timer: tests should prefer the others).
   * A call the workflow's status refuses (a 409) or an unknown workflow (404) is answered as
   * usual, and the fault is used up.
   */
  | {
      type: 'accepted-late'
      status?: number
      applyOnRequest?: number
      applyOn?: Promise<unknown>
      applyAfterMs?: number
    }
  /**
   * Send an answer in another encoding: the normal one, or that of `fault` (an `error`,
   * `rate-limit`, `raw`, `accepted-late`…). `bom` puts a UTF-8 byte-order mark before the body;
   * `contentEncoding` compresses it (after the BOM) and says so in `Content-Encoding`;
   * `contentType` replaces the `Content-Type`, e.g. `application/json; charset=utf-8` (the
   * simulator's own is `application/json`). Answers without a body (a reset, a hang, a garbled
   * answer) are not affected.
   */
  | {
      type: 'encoded'
      bom?: boolean
      contentEncoding?: ContentEncoding
      contentType?: string
      fault?: Fault
    }

export type ContentEncoding = 'gzip' | 'deflate' | 'br'

export interface FaultRule {
  method?: 'GET' | 'POST'
  /** The action: `get`, `resume`, `pause`, `cancel` or `list`. */
  action?: Action
  workflowId?: string
  fault: Fault
  /** How many matching requests get the fault; default 1. */
  times?: number
  /** How the request log names the fault (RecordedRequest.fault); default its type. */
  label?: string
}

export interface RequestKey {
  method: string
  action?: Action
  workflowId?: string
}

/** Rules are matched in the order they were added; each is used up after `times` requests. */
export class FaultQueue {
  private readonly rules: FaultRule[] = []

  add(rule: FaultRule): void {
    this.rules.push({ times: 1, ...rule })
  }

  /** The rule the request matches, counted as used; undefined when none does. */
  take(request: RequestKey): FaultRule | undefined {
    const index = this.rules.findIndex(
      rule =>
        (rule.method === undefined || rule.method === request.method) &&
        (rule.action === undefined || rule.action === request.action) &&
        (rule.workflowId === undefined || rule.workflowId === request.workflowId)
    )
    const rule = this.rules[index]
    if (!rule) return undefined
    rule.times = (rule.times ?? 1) - 1
    if (rule.times <= 0) this.rules.splice(index, 1)
    return rule
  }

  clear(): void {
    this.rules.length = 0
  }
}
