import * as core from '@actions/core'
import { systemClock } from './run/clock.js'
import { reportStep } from './report.js'
import { describeSettings, readSettings, SETTING_INPUTS } from './settings.js'
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
      () => readSettings(name => core.getInput(name)),
      elapsed
    )
    if (!settings) return
    core.debug(describeSettings(settings, SETTING_INPUTS))

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
