import { setTimeout as delay } from 'node:timers/promises'

export class CancelledError extends Error {
  /** `requestSent`: a request had already left, so the server may have acted on it. */
  constructor(readonly requestSent = false) {
    super('The run was cancelled.')
    this.name = 'CancelledError'
  }
}

/** A status change in flight when the job is cancelled may still answer: its answer is surest. */
export const IN_FLIGHT_GRACE_MS = 1000
/** Then one read of the workflow may take this long, to report what happened truthfully. */
export const CANCEL_CHECK_MS = 1500
/** The runner sends SIGTERM 7.5 s after SIGINT; leave before, with the report written. */
const EXIT_AFTER_MS = IN_FLIGHT_GRACE_MS + CANCEL_CHECK_MS + 1500

export function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CancelledError()
}

// A cancelled job gets SIGINT, then SIGTERM: abort at once so no further request is sent. One
// signal per workflow (`scope`): a shared one would pass Node's limit of 10 abort listeners.
export function listenForCancellation(onCancel: (signalName: string) => void) {
  let cancelled = false
  const scopes = new Set<AbortController>()
  const onSignal = (name: NodeJS.Signals): void => {
    if (cancelled) return
    onCancel(name)
    cancelled = true
    for (const scope of scopes) scope.abort()
    // If something still holds the event loop, do not outlive the cancellation.
    setTimeout(() => process.exit(1), EXIT_AFTER_MS).unref()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    scope: () => {
      const scope = new AbortController()
      if (cancelled) scope.abort()
      scopes.add(scope)
      return { signal: scope.signal, dispose: () => scopes.delete(scope) }
    },
    dispose: () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  }
}

/** Time, injected so polling and back-off are tested without real waiting. */
export type Clock = { now(): number; sleep(ms: number, signal?: AbortSignal): Promise<void> }

export const systemClock: Clock = {
  now: () => Date.now(),
  // Node runs a negative or NaN delay as 1 ms.
  sleep: (ms, signal) =>
    delay(ms, undefined, { signal }).catch((error: unknown) => {
      throw signal?.aborted ? new CancelledError() : error
    })
}
