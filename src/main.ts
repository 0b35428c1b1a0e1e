import * as core from '@actions/core'
import { systemClock } from './core/clock.js'
import { reportStep } from './action/report.js'
import { readSettings, SETTING_INPUTS } from './action/settings.js'
import { changeEach, guardUnexpected, readSettingsOrFail, RunOverrides } from './action/step.js'
import { RESUME } from './core/verb.js'

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
