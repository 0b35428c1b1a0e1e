import { PauseState } from '../../src/action/state.js'

/** A pause step's saved state for report tests: the given workflows, every other setting fixed. */
export function pauseState(
  paused: PauseState['paused'],
  unconfirmed: string[] = [],
  leftAlone: string[] = []
): PauseState {
  return {
    version: 1,
    paused,
    unconfirmed,
    leftAlone,
    autoResume: true,
    settings: {
      apiUrl: 'http://127.0.0.1:1',
      waitForPaused: false,
      pollIntervalMs: 1000,
      waitTimeoutMs: 0,
      ignoreConflict: false,
      maxRetries: 0,
      requestTimeoutMs: 1000,
      maxParallel: 1,
      autoResume: true,
      dryRun: false,
      alreadyPaused: 'leave',
      callingRules: undefined,
      timeZone: undefined,
      closedDates: [],
      outsideCallingHours: 'fail'
    }
  }
}
