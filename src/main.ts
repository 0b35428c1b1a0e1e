import * as core from '@actions/core'
import { Clock, systemClock } from './run/clock.js'
import { reportStep } from './report.js'
import { describeSettings, readSettings, SETTING_INPUTS } from './settings.js'
import { changeEach, guardUnexpected, maskApiKey, readSettingsOrFail } from './step.js'
import { RESUME } from './run/verb.js'

export interface RunOverrides {
  clock?: Clock
  random?: () => number
}

/** The resume step: read settings, (wait until paused and) resume each workflow, report. */
export async function run(overrides: RunOverrides = {}): Promise<void> {
  await guardUnexpected(RESUME, async () => {
    const clock = overrides.clock ?? systemClock
    const startedAt = clock.now()
    const elapsed = (): number => clock.now() - startedAt
    maskApiKey(core.getInput('api-key', { trimWhitespace: false }))
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
