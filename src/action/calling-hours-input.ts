import type { CallingRule, Weekday } from '../workflow/calling-hours.js'
import { InputError, quoteInput } from './input-rules.js'

export const MAX_CALLING_RULES = 50
export const MAX_CLOSED_DATES = 400
/** Longer than any sensible rule; it also keeps the rule's pattern from slow backtracking. */
export const MAX_RULE_LENGTH = 100

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']
const RULES_FORM = 'must be rules such as "Mon-Fri 08:00-21:00; Sat 09:00-17:00"'
// An en dash (U+2013), as pasted from a document, is read as a hyphen.
const DASH = '[-\u2013]'
const RULE = new RegExp(`^(.+?)\\s+(\\d{1,2}:\\d{2})\\s*${DASH}\\s*(\\d{1,2}:\\d{2})$`, 'u')

const quote = (value: string): string => `"${quoteInput(value)}"`

const hoursRefused = (why: string): InputError => new InputError('calling-hours', why)

/** `Mon`, `mon-fri`, `Fri-Mon` (wraps through the weekend), `Sat,Sun`, or a list mixing them. */
function parseDays(text: string): Weekday[] {
  const days = new Set<Weekday>()
  for (const item of text.split(',')) {
    const ends = item.split(new RegExp(DASH, 'u')).map(end => end.trim())
    const bad = ends.find(end => !DAY_NAMES.includes(end.toLowerCase()))
    if (ends.length > 2 || bad !== undefined)
      throw hoursRefused(
        `must name days Mon to Sun, e.g. "Mon-Fri" or "Sat,Sun"; ${quote(bad || text.trim())} is not.`
      )
    const [first = 0, last = first] = ends.map(end => DAY_NAMES.indexOf(end.toLowerCase()))
    for (let i = 0; i <= (last - first + 7) % 7; i++) days.add(((first + i) % 7) as Weekday)
  }
  return [...days].sort((a, b) => a - b)
}

function minutesOf(time: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number)
  const total = hours * 60 + minutes
  if (minutes > 59 || total > 24 * 60)
    throw hoursRefused(`must give 24-hour times from 00:00 to 24:00; ${quote(time)} is not one.`)
  return total
}

function parseRule(text: string): CallingRule {
  const match = text.length <= MAX_RULE_LENGTH ? RULE.exec(text) : null
  const [, dayText = '', startText = '', endText = ''] = match ?? []
  // Digits among the days: two rules on one line, most likely.
  if (!match || /\d/.test(dayText)) throw hoursRefused(`${RULES_FORM}; ${quote(text)} is not.`)
  const days = parseDays(dayText)
  const startMin = minutesOf(startText)
  const endMin = minutesOf(endText)
  if (startMin === 24 * 60)
    throw hoursRefused(`may use 24:00 only as an end; ${quote(text)} starts at it (use 00:00).`)
  if (startMin === endMin)
    throw hoursRefused(`has an empty window in ${quote(text)}: it ends when it starts.`)
  return { days, startMin, endMin }
}

/** Rules separated by `;` or newlines, each `DAYS HH:MM-HH:MM`; empty is no guard (undefined). */
export function parseCallingHours(text: string): CallingRule[] | undefined {
  const parts = text.split(/[;\r\n]/).filter(part => part.trim() !== '')
  if (parts.length === 0) return undefined
  if (parts.length > MAX_CALLING_RULES)
    throw hoursRefused(`may hold at most ${MAX_CALLING_RULES} rules; it holds ${parts.length}.`)
  return parts.map(part => parseRule(part.trim()))
}

/** Fixed offsets (`+05:00`, `Etc/GMT+5`, `EST`) ignore daylight saving; `CET`, `EST5EDT` don't. */
export function parseTimeZone(text: string): string | undefined {
  const name = text.trim()
  if (name === '') return undefined
  const refused = (why: string): InputError =>
    new InputError('time-zone', `must be a zone name such as "America/New_York"${why}`)
  const lower = name.toLowerCase()
  if (/[+-]\d/.test(lower) || /^(etc\/)?(est|mst|hst)$/.test(lower))
    throw refused(` or "UTC": a fixed offset ignores daylight saving; ${quote(name)} is not one.`)
  try {
    const { timeZone } = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions()
    // The runtime's spelling fixes the letter case; an alias keeps the name given.
    return timeZone.toLowerCase() === lower ? timeZone : name
  } catch {
    throw refused(`; ${quote(name)} is unknown.`)
  }
}

export function parseClosedDates(text: string): string[] {
  const refused = (why: string): InputError => new InputError('closed-dates', why)
  const dates = [...new Set(text.split(/[,;\s]+/).filter(part => part !== ''))]
  for (const date of dates) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
      throw refused(`must be dates such as "2026-12-25, 2027-01-01"; ${quote(date)} is not.`)
    // A date the calendar lacks, such as 2026-02-30, is invalid or reads back as another day.
    const time = Date.parse(date)
    if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== date)
      throw refused(`must be real calendar dates; ${quote(date)} is not.`)
  }
  if (dates.length > MAX_CLOSED_DATES)
    throw refused(`may hold at most ${MAX_CLOSED_DATES} dates; it holds ${dates.length}.`)
  return dates.sort()
}
