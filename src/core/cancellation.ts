/** Stopping when the job is cancelled: the error every layer throws, and the signal listener. */

export class CancelledError extends Error {
  constructor(
    /** True when a request had already left: the server may have acted on it. */
    readonly requestSent = false
  ) {
    super('The run was cancelled.')
    this.name = 'CancelledError'
  }
}

/**
 * A status change already sent when the job is cancelled gets this long to answer: its answer
 * is the surest way to know whether it took effect.
 */
export const IN_FLIGHT_GRACE_MS = 1000
/** Then one read of the workflow may take this long, to report what happened truthfully. */
export const CANCEL_CHECK_MS = 1500
/** The runner sends SIGTERM 7.5 s after SIGINT; leave before, with the report written. */
const EXIT_AFTER_MS = IN_FLIGHT_GRACE_MS + CANCEL_CHECK_MS + 1500

export function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CancelledError()
}

export interface CancellationScope {
  signal: AbortSignal
  dispose: () => void
}

export interface Cancellation extends CancellationScope {
  /**
   * A signal of its own for one workflow, aborted with the step's. Every sleep and request adds
   * an abort listener to its signal; on one shared signal, max-parallel workflows would pile up
   * past Node's limit of 10 listeners. A workflow does one thing at a time, so its own signal
   * never holds more than one.
   */
  scope: () => CancellationScope
}

/**
 * A cancelled job gets SIGINT, then SIGTERM: abort at once so no further request is sent.
 * `onCancel` runs once, with the name of the first signal.
 */
export function listenForCancellation(onCancel: (signalName: string) => void): Cancellation {
  const controller = new AbortController()
  const scopes = new Set<AbortController>()
  const onSignal = (name: string): void => {
    if (controller.signal.aborted) return
    onCancel(name)
    controller.abort()
    for (const scope of scopes) scope.abort()
    // If something still holds the event loop, do not outlive the cancellation.
    setTimeout(() => process.exit(1), EXIT_AFTER_MS).unref()
  }
  const onInt = (): void => onSignal('SIGINT')
  const onTerm = (): void => onSignal('SIGTERM')
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)
  return {
    signal: controller.signal,
    scope: () => {
      const scope = new AbortController()
      if (controller.signal.aborted) scope.abort()
      scopes.add(scope)
      return { signal: scope.signal, dispose: () => scopes.delete(scope) }
    },
    dispose: () => {
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
    }
  }
}
