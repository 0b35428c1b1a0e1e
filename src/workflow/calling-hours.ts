// Weekly calling windows in one IANA zone, read from the runtime's zone data, never a fixed
// offset, so they follow daylight saving. How the window is found: see docs/behaviour.md.

/** A day of the week: 0 is Sunday, 6 is Saturday (as `Date#getUTCDay`). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6

/** Minutes after local midnight (1440 is 24:00); an end before the start crosses midnight. */
export type CallingRule = { days: Weekday[]; startMin: number; endMin: number }

export interface CallingHours {
  rules: CallingRule[]
  timeZone: string
  /** Local dates (`YYYY-MM-DD`) on which no window starts. */
  closedDates: string[]
}

/** `opensAt` is undefined when no window opens within the search. */
export type WindowState = { open: true } | { open: false; opensAt: number | undefined }

/** How many days ahead a search looks, beyond one day per closed date. */
export const SEARCH_DAYS = 370

const SECOND = 1000
const MINUTE = 60_000
const DAY = 86_400_000

/** One formatter per zone: creating one is slow, and a search takes thousands of readings. */
const formatters = new Map<string, Intl.DateTimeFormat>()
const NUMERIC = Object.fromEntries(
  ['year', 'month', 'day', 'hour', 'minute', 'second'].map(unit => [unit, 'numeric'])
)

/** The local wall-clock time at `ms`, to the second, written as if it were a UTC instant. */
function wallAt(ms: number, timeZone: string): number {
  const format =
    formatters.get(timeZone) ??
    new Intl.DateTimeFormat('en-US', { ...NUMERIC, timeZone, hourCycle: 'h23' })
  formatters.set(timeZone, format)
  const parts = format.formatToParts(ms)
  const field = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find(part => part.type === type)?.value)
  const date = Date.UTC(field('year'), field('month') - 1, field('day'))
  return date + ((field('hour') * 60 + field('minute')) * 60 + field('second')) * SECOND
}

/** When the zone's clocks read `wall`: a repeated time's first pass, a skipped one's gap end. */
function instantAt(wall: number, timeZone: string): number {
  const offsetAt = (ms: number): number => wallAt(ms, timeZone) - ms
  // The offsets in force a day before and a day after: one of them, or both, fit.
  const early = wall - offsetAt(wall - DAY)
  const late = wall - offsetAt(wall + DAY)
  const fits = [...new Set([early, late])].filter(t => wallAt(t, timeZone) === wall)
  if (fits.length > 0) return Math.min(...fits)
  // In a gap: the clock reads before `wall` at `low` and past it at `high`; find the jump.
  let low = Math.min(early, late)
  let high = Math.max(early, late)
  while (high - low > SECOND) {
    const middle = low + Math.floor((high - low) / (2 * SECOND)) * SECOND
    if (wallAt(middle, timeZone) >= wall) high = middle
    else low = middle
  }
  return high
}

type Span = readonly [start: number, end: number]

/** The windows that start on local `day`, in order; one a spring-forward gap empties is gone. */
function windowsOn(hours: CallingHours, day: number): Span[] {
  const weekday = new Date(day * DAY).getUTCDay() as Weekday
  const rules = hours.rules.filter(
    rule => rule.days.includes(weekday) && rule.startMin !== rule.endMin
  )
  const spans = rules.map((rule): Span => {
    const endDay = rule.endMin > rule.startMin ? day : day + 1
    return [
      instantAt(day * DAY + rule.startMin * MINUTE, hours.timeZone),
      instantAt(endDay * DAY + rule.endMin * MINUTE, hours.timeZone)
    ]
  })
  return spans.filter(([start, end]) => start < end).sort((a, b) => a[0] - b[0])
}

/** Whether a window is open at `nowMs` (start included, end excluded), or when one next opens. */
export function windowState(hours: CallingHours, nowMs: number): WindowState {
  const closed = new Set(hours.closedDates.map(date => Date.parse(date) / DAY))
  // From yesterday, whose windows may cross midnight into today.
  const firstDay = Math.floor(wallAt(nowMs, hours.timeZone) / DAY) - 1
  const lastDay = firstDay + SEARCH_DAYS + hours.closedDates.length + 2
  for (let day = firstDay; day < lastDay; day++) {
    // A window belongs to its start's day, so only that day's closure matters.
    if (closed.has(day)) continue
    for (const [start, end] of windowsOn(hours, day)) {
      if (start > nowMs) return { open: false, opensAt: start }
      if (end > nowMs) return { open: true }
    }
  }
  return { open: false, opensAt: undefined }
}

/** ISO 8601 in the zone, to the second, with its offset: `2026-12-07T08:00:00-05:00`. */
export function zonedIso(ms: number, timeZone: string): string {
  const instant = Math.floor(ms / SECOND) * SECOND
  const wall = wallAt(instant, timeZone)
  const offset = Math.round((wall - instant) / MINUTE)
  const hoursMinutes = new Date(Math.abs(offset) * MINUTE).toISOString().slice(11, 16)
  return `${new Date(wall).toISOString().slice(0, 19)}${offset < 0 ? '-' : '+'}${hoursMinutes}`
}

/** The local reading at `ms`, to the minute: `Mon 2026-12-07 08:00`. */
export function zonedLocal(ms: number, timeZone: string): string {
  const wall = new Date(wallAt(ms, timeZone))
  const iso = wall.toISOString()
  return `${wall.toUTCString().slice(0, 3)} ${iso.slice(0, 10)} ${iso.slice(11, 16)}`
}
