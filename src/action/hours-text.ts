import { End } from '../core/outcome.js'
import { clip } from '../core/redact.js'
import { StepPolicy } from '../workflow/policy.js'
import { zonedIso, zonedLocal } from '../workflow/calling-hours.js'
import type { Line, Told } from './messages.js'

function opensText(opensAt: number | undefined, told: Told): string {
  if (opensAt === undefined || told.timeZone === undefined) return ', and they never open'
  return `, which next open ${zonedLocal(opensAt, told.timeZone)} (${told.timeZone})`
}

export const opensAtIso = (opensAt: number | undefined, told: Told): string =>
  opensAt === undefined || told.timeZone === undefined ? '' : zonedIso(opensAt, told.timeZone)

export function previewText(
  policy: StepPolicy,
  subject: string,
  end: Extract<End, { kind: 'preview' }>,
  told: Told,
  status: string | undefined
): string {
  const verb = policy.verb.name
  const real = end.would === 'wait' ? `wait for it to be paused, then ${verb} it` : `${verb} it now`
  const hours = end.shut ? `; calling hours are shut now${opensText(end.opensAt, told)}` : ''
  return `Dry run: ${subject} is ${status === undefined ? 'unknown' : clip(status, 40)}; a real run would ${real}${hours}. Nothing was sent.`
}

type OutsideHours = Extract<End, { kind: 'outside-hours' }>

export function outsideLine(Subject: string, end: OutsideHours, told: Told): Line {
  const held = `${Subject} was not resumed: outside 'calling-hours'${opensText(end.opensAt, told)}.`
  return end.skipped
    ? { level: 'warning', text: `${held} It stays paused ('outside-calling-hours: skip').` }
    : { level: 'error', text: `${held} Run the step again then, or set 'outside-calling-hours'.` }
}
