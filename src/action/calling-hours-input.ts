import type { CallingRule, Weekday } from '../workflow/calling-hours.js'
import { quoteInput } from './input-rules.js'

/** A refusal's `message` continues a sentence that starts "Input 'calling-hours' ". */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string }

export const MAX_CALLING_RULES = 50
export const MAX_CLOSED_DATES = 400
/** Longer than any sensible rule; it also keeps the rule's pattern from slow backtracking. */
export const MAX_RULE_LENGTH = 100

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']
const RULES_FORM = 'must be rules such as "Mon-Fri 08:00-21:00; Sat 09:00-17:00"'
// An en dash (U+2013), as pasted from a document, is read as a hyphen.
const DASH = '[-\u2013]'
const RULE = new RegExp(`^(.+?)\\s+(\\d{1,2}:\\d{2})\\s*${DASH}\\s*(\\d{1,2}:\\d{2})$`, 'u')

function refuse<T>(message: string): Parsed<T> {
  return { ok: false, message }
}

function quote(value: string): string {
  return `"${quoteInput(value)}"`
}

/** `Mon`, `mon-fri`, `Fri-Mon` (wraps through the weekend), `Sat,Sun`, or a list mixing them. */
function parseDays(text: string): Parsed<Weekday[]> {
  const days = new Set<Weekday>()
  for (const item of text.split(',')) {
    const ends = item.split(new RegExp(DASH, 'u')).map(end => end.trim())
    const [first, last = first] = ends.map(end => DAY_NAMES.indexOf(end.toLowerCase()))
    const bad = ends.find(end => !DAY_NAMES.includes(end.toLowerCase()))
    if (ends.length > 2 || bad !== undefined || first === undefined) {
      const shown = bad === undefined || bad === '' ? text.trim() : bad
      return refuse(
        `must name days Mon to Sun, e.g. "Mon-Fri" or "Sat,Sun"; ${quote(shown)} is not.`
      )
    }
    for (let day = first; ; day = (day + 1) % 7) {
      days.add(day as Weekday)
      if (day === last) break
    }
  }
  return { ok: true, value: [...days].sort((a, b) => a - b) }
}

/** Minutes after midnight of an `HH:MM` that RULE matched; undefined past 24:00. */
function minutesOf(text: string): number | undefined {
  const [hours = 0, minutes = 0] = text.split(':').map(Number)
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return undefined
  return hours * 60 + minutes
}

function parseRule(text: string): Parsed<CallingRule> {
  const match = text.length <= MAX_RULE_LENGTH ? RULE.exec(text) : null
  const [, dayText = '', startText = '', endText = ''] = match ?? []
  // Digits among the days: two rules on one line, most likely.
  if (!match || /\d/.test(dayText)) return refuse(`${RULES_FORM}; ${quote(text)} is not.`)
  const days = parseDays(dayText)
  if (!days.ok) return days
  const startMin = minutesOf(startText)
  const endMin = minutesOf(endText)
  if (startMin === undefined || endMin === undefined) {
    const bad = startMin === undefined ? startText : endText
    return refuse(`must give 24-hour times from 00:00 to 24:00; ${quote(bad)} is not one.`)
  }
  if (startMin === 24 * 60)
    return refuse(`may use 24:00 only as an end; ${quote(text)} starts at it (use 00:00).`)
  if (startMin === endMin)
    return refuse(`has an empty window in ${quote(text)}: it ends when it starts.`)
  return { ok: true, value: { days: days.value, startMin, endMin } }
}

/** Rules separated by `;` or newlines, each `DAYS HH:MM-HH:MM`; empty is no guard (undefined). */
export function parseCallingHours(text: string): Parsed<CallingRule[] | undefined> {
  const parts = text
    .split(/[;\r\n]/)
    .map(part => part.trim())
    .filter(part => part !== '')
  if (parts.length === 0) return { ok: true, value: undefined }
  if (parts.length > MAX_CALLING_RULES)
    return refuse(`may hold at most ${MAX_CALLING_RULES} rules; it holds ${parts.length}.`)
  const rules: CallingRule[] = []
  for (const part of parts) {
    const rule = parseRule(part)
    if (!rule.ok) return rule
    rules.push(rule.value)
  }
  return { ok: true, value: rules }
}

/**
 * An IANA zone name such as `America/New_York`, or `UTC`; fixed offsets (`+05:00`, `Etc/GMT+5`,
 * `EST`) ignore daylight saving and are refused, while `CET` or `EST5EDT` follow it. Empty is
 * undefined.
 */
export function parseTimeZone(text: string): Parsed<string | undefined> {
  const name = text.trim()
  if (name === '') return { ok: true, value: undefined }
  const lower = name.toLowerCase()
  if (/[+-]\d/.test(lower) || /^(etc\/)?(est|mst|hst)$/.test(lower))
    return refuse(
      `must be a zone name such as "America/New_York" or "UTC": a fixed offset ignores daylight saving; ${quote(name)} is not one.`
    )
  let resolved: string
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone
  } catch {
    return refuse(`must be a zone name such as "America/New_York"; ${quote(name)} is unknown.`)
  }
  // The runtime's spelling fixes the letter case; an alias keeps the name given.
  return { ok: true, value: resolved.toLowerCase() === lower ? resolved : name }
}

function isRealDate(year: number, month: number, day: number): boolean {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
  return month >= 1 && month <= 12 && day >= 1 && day <= (lengths[month - 1] ?? 0)
}

/** `YYYY-MM-DD` dates separated by commas, semicolons or white space; sorted, once each. */
export function parseClosedDates(text: string): Parsed<string[]> {
  const dates = new Set<string>()
  for (const item of text.split(/[,;\s]+/).filter(part => part !== '')) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(item)
    if (!match)
      return refuse(`must be dates such as "2026-12-25, 2027-01-01"; ${quote(item)} is not.`)
    if (!isRealDate(Number(match[1]), Number(match[2]), Number(match[3])))
      return refuse(`must be real calendar dates; ${quote(item)} is not.`)
    dates.add(item)
  }
  if (dates.size > MAX_CLOSED_DATES)
    return refuse(`may hold at most ${MAX_CLOSED_DATES} dates; it holds ${dates.size}.`)
  return { ok: true, value: [...dates].sort() }
}
