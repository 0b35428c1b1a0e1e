/** Stopping when the job is cancelled: the error every layer throws, and the signal listener. */

export class CancelledError extends Error {
  constructor() {
    super('The run was cancelled.')
    this.name = 'CancelledError'
  }
}

export function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CancelledError()
}

export interface Cancellation {
  signal: AbortSignal
  dispose: () => void
}

/**
 * A cancelled job gets SIGINT, then SIGTERM: abort at once so no further request is sent.
 * `onCancel` runs once, with the name of the first signal.
 */
export function listenForCancellation(onCancel: (signalName: string) => void): Cancellation {
  const controller = new AbortController()
  const onSignal = (name: string): void => {
    if (controller.signal.aborted) return
    onCancel(name)
    controller.abort()
    // If something still holds the event loop, do not outlive the cancellation.
    setTimeout(() => process.exit(1), 3000).unref()
  }
  const onInt = (): void => onSignal('SIGINT')
  const onTerm = (): void => onSignal('SIGTERM')
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
    }
  }
}
