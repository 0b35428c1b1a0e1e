/**
 * Weekly calling windows in one IANA zone, read from the runtime's zone data, never a fixed
 * offset, so they follow daylight saving. How the window is found: see docs/behaviour.md.
 */

/** A day of the week: 0 is Sunday, 6 is Saturday (as `Date#getUTCDay`). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6

/** Minutes after local midnight (1440 is 24:00); an end before the start crosses midnight. */
export interface CallingRule {
  days: Weekday[]
  startMin: number
  endMin: number
}

export interface CallingHours {
  rules: CallingRule[]
  timeZone: string
  /** Local dates (`YYYY-MM-DD`) on which no window starts. */
  closedDates: string[]
}

/** `closesAt` is absent when the window lasts past the search; `opensAt` when none opens. */
export type WindowState =
  { open: true; closesAt?: number } | { open: false; opensAt: number | undefined }

/** How many days ahead a search looks, beyond one day per closed date. */
export const SEARCH_DAYS = 370

const SECOND = 1000
const MINUTE = 60_000
const DAY = 86_400_000
const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const

/** One formatter per zone: creating one is slow, and a search takes thousands of readings. */
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    })
    formatters.set(timeZone, format)
  }
  return format
}

/** The local wall-clock time at `ms`, to the second, written as if it were a UTC instant. */
function wallAt(ms: number, timeZone: string): number {
  const field = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 }
  for (const { type, value } of formatter(timeZone).formatToParts(ms)) {
    if (type in field) field[type as keyof typeof field] = Number(value)
  }
  const { year, month, day, hour, minute, second } = field
  return Date.UTC(year, month - 1, day, hour, minute, second)
}

function wholeSecond(ms: number): number {
  return Math.floor(ms / SECOND) * SECOND
}

function offsetAt(ms: number, timeZone: string): number {
  return wallAt(ms, timeZone) - wholeSecond(ms)
}

/** When the zone's clocks read `wall`: a repeated time is its first, a skipped one the gap's end. */
function instantAt(wall: number, timeZone: string): number {
  // The offsets in force a day before and a day after: one of them, or both, fit.
  const early = wall - offsetAt(wall - DAY, timeZone)
  const late = wall - offsetAt(wall + DAY, timeZone)
  const fits = (early === late ? [early] : [early, late]).filter(t => wallAt(t, timeZone) === wall)
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

function weekdayOf(day: number): Weekday {
  // 1970-01-01 was a Thursday.
  return ((((day + 4) % 7) + 7) % 7) as Weekday
}

/** Each weekday's rules, once, so a day with none costs no time-zone reading. */
function rulesByWeekday(rules: CallingRule[]): CallingRule[][] {
  const byDay: CallingRule[][] = [[], [], [], [], [], [], []]
  for (const rule of rules) {
    if (rule.startMin === rule.endMin) continue
    for (const day of new Set(rule.days)) byDay[day]?.push(rule)
  }
  return byDay
}

type Span = readonly [start: number, end: number]

/** The windows that start on local days `firstDay` onwards, in order of their start. */
function* windowsFrom(hours: CallingHours, firstDay: number, days: number): Generator<Span> {
  const { timeZone } = hours
  const closed = new Set(hours.closedDates.map(date => Date.parse(date) / DAY))
  const byWeekday = rulesByWeekday(hours.rules)
  for (let day = firstDay; day < firstDay + days; day++) {
    const rules = byWeekday[weekdayOf(day)] ?? []
    // A window belongs to its start's day, so only that day's closure matters.
    if (rules.length === 0 || closed.has(day)) continue
    const spans = rules.map((rule): Span => {
      const endDay = rule.endMin > rule.startMin ? day : day + 1
      return [
        instantAt(day * DAY + rule.startMin * MINUTE, timeZone),
        instantAt(endDay * DAY + rule.endMin * MINUTE, timeZone)
      ]
    })
    // A window inside a spring-forward gap is left empty by it, and never opens.
    yield* spans.filter(([start, end]) => start < end).sort((a, b) => a[0] - b[0])
  }
}

/** Whether a window is open at `nowMs` (start included, end excluded), and until or from when. */
export function windowState(hours: CallingHours, nowMs: number): WindowState {
  const today = Math.floor(wallAt(nowMs, hours.timeZone) / DAY)
  // From yesterday, whose windows may cross midnight into today.
  const days = SEARCH_DAYS + hours.closedDates.length + 2
  let closesAt: number | undefined
  for (const [start, end] of windowsFrom(hours, today - 1, days)) {
    if (closesAt === undefined) {
      if (start > nowMs) return { open: false, opensAt: start }
      if (end > nowMs) closesAt = end
    } else if (start > closesAt) {
      return { open: true, closesAt }
    } else {
      // Windows that touch or overlap are one open stretch.
      closesAt = Math.max(closesAt, end)
    }
  }
  return closesAt === undefined ? { open: false, opensAt: undefined } : { open: true }
}

/** ISO 8601 in the zone, to the second, with its offset: `2026-12-07T08:00:00-05:00`. */
export function zonedIso(ms: number, timeZone: string): string {
  const instant = wholeSecond(ms)
  const wall = wallAt(instant, timeZone)
  const offset = Math.round((wall - instant) / MINUTE)
  const sign = offset < 0 ? '-' : '+'
  const size = Math.abs(offset)
  const pad = (value: number): string => String(value).padStart(2, '0')
  const local = new Date(wall).toISOString().slice(0, 19)
  return `${local}${sign}${pad(Math.floor(size / 60))}:${pad(size % 60)}`
}

/** The local reading at `ms`, to the minute: `Mon 2026-12-07 08:00`. */
export function zonedLocal(ms: number, timeZone: string): string {
  const wall = wallAt(wholeSecond(ms), timeZone)
  const iso = new Date(wall).toISOString()
  return `${WEEKDAY_NAMES[weekdayOf(Math.floor(wall / DAY))]} ${iso.slice(0, 10)} ${iso.slice(11, 16)}`
}
