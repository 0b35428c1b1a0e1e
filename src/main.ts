import * as core from '@actions/core'
import { systemClock } from './run/clock.js'
import { reportStep } from './report.js'
import { readSettings, SETTING_INPUTS } from './settings.js'
import { changeEach, guardUnexpected, readSettingsOrFail, RunOverrides } from './step.js'
import { RESUME } from './run/verb.js'

/** The resume step: read settings, (wait until paused and) resume each workflow, report. */
export async function run(overrides: RunOverrides = {}): Promise<void> {
  await guardUnexpected(RESUME, async () => {
    const clock = overrides.clock ?? systemClock
    const startedAt = clock.now()
    const elapsed = (): number => clock.now() - startedAt
    const settings = await readSettingsOrFail(
      RESUME,
      { read: () => readSettings(name => core.getInput(name)), inputs: SETTING_INPUTS },
      elapsed
    )
    if (!settings) return

    await changeEach(
      RESUME,
      settings,
      {
        clock,
        random: overrides.random ?? Math.random,
        waitFirst: settings.waitForPaused
          ? {
              pollIntervalMs: settings.pollIntervalMs,
              timeoutMs: settings.waitTimeoutMs,
              deadline: startedAt + settings.waitTimeoutMs
            }
          : undefined
      },
      reports => reportStep(RESUME, reports, elapsed())
    )
  })
}
