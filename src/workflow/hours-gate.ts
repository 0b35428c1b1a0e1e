import { Clock } from '../core/cancellation.js'
import { End } from '../core/outcome.js'
import { CallingHours, windowState } from './calling-hours.js'
import { PROGRESS_EVERY_MS } from './wait.js'

/** Checked right before a resume is sent, never at the step's start. */
export interface HoursGuard {
  hours: CallingHours
  outside: 'fail' | 'skip' | 'wait'
  /** Epoch ms: the end of the step's one waiting budget ('wait-timeout'). */
  deadline: number
}

export type HoursEvent = { type: 'hours-wait'; opensAt: number; leftMs: number }

/** Undefined once the window is open (after waiting for it, with `wait`); else how the run ends. */
export async function awaitWindow(
  guard: HoursGuard,
  clock: Clock,
  signal: AbortSignal,
  onEvent: (event: HoursEvent) => void
): Promise<Extract<End, { kind: 'outside-hours' }> | undefined> {
  for (;;) {
    const state = windowState(guard.hours, clock.now())
    if (state.open) return undefined
    const { opensAt } = state
    if (guard.outside !== 'wait' || opensAt === undefined || opensAt > guard.deadline)
      return { kind: 'outside-hours', opensAt, skipped: guard.outside === 'skip' }
    onEvent({ type: 'hours-wait', opensAt, leftMs: opensAt - clock.now() })
    await clock.sleep(Math.min(PROGRESS_EVERY_MS, opensAt - clock.now()), signal)
  }
}

/** A dry run's view of the window now: its next opening when shut. */
export function windowNow(
  hours: CallingHours | undefined,
  now: number
): { shut: boolean; opensAt?: number } {
  if (!hours) return { shut: false }
  const state = windowState(hours, now)
  return state.open ? { shut: false } : { shut: true, opensAt: state.opensAt }
}
