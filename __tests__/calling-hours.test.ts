import { jest } from '@jest/globals'
import {
  CallingRule,
  SEARCH_DAYS,
  Weekday,
  windowState,
  WindowState,
  zonedIso,
  zonedLocal
} from '../src/workflow/calling-hours.js'

/**
 * Calling hours on fixed instants: every "now" is passed in, so no clock is read. Expected
 * instants are written in UTC, with the local time they stand for beside them.
 */

const NEW_YORK = 'America/New_York'
const LONDON = 'Europe/London'
const KOLKATA = 'Asia/Kolkata'
const SUN = 0
const MON = 1
const FRI = 5
const SAT = 6
const WEEKDAYS: Weekday[] = [1, 2, 3, 4, 5]
const EVERY_DAY: Weekday[] = [0, 1, 2, 3, 4, 5, 6]

/** A rule from local `HH:MM` times, so each test reads like the input it stands for. */
function rule(days: Weekday[], start: string, end: string): CallingRule {
  const minutes = (time: string): number => {
    const [hours = 0, mins = 0] = time.split(':').map(Number)
    return hours * 60 + mins
  }
  return { days, startMin: minutes(start), endMin: minutes(end) }
}

function stateAt(
  rules: CallingRule[],
  timeZone: string,
  now: string,
  closedDates: string[] = []
): WindowState {
  return windowState({ rules, timeZone, closedDates }, Date.parse(now))
}

const opensAt = (iso: string): WindowState => ({ open: false, opensAt: Date.parse(iso) })

/** Open at `now` and until a millisecond before `end`, when it shuts. */
function expectOpenUntil(
  rules: CallingRule[],
  timeZone: string,
  now: string,
  end: string,
  closedDates: string[] = []
): void {
  const at = (ms: number): WindowState => windowState({ rules, timeZone, closedDates }, ms)
  expect(at(Date.parse(now))).toEqual({ open: true })
  expect(at(Date.parse(end) - 1)).toEqual({ open: true })
  expect(at(Date.parse(end))).toMatchObject({ open: false })
}

describe('windowState: Mon-Fri 08:00-21:00 in America/New_York', () => {
  const rules = [rule(WEEKDAYS, '08:00', '21:00')]

  it.each([
    ['January (EST): opens at 13:00 UTC', '2026-01-05T05:00:00Z', '2026-01-05T13:00:00Z'],
    ['July (EDT): opens at 12:00 UTC', '2026-07-06T04:00:00Z', '2026-07-06T12:00:00Z'],
    ['a millisecond before the opening', '2026-01-05T12:59:59.999Z', '2026-01-05T13:00:00Z'],
    ['at the closing, the next morning', '2026-01-06T02:00:00Z', '2026-01-06T13:00:00Z'],
    ['Friday after the close: Monday', '2026-01-10T02:30:00Z', '2026-01-12T13:00:00Z'],
    ['Saturday noon: Monday', '2026-07-11T16:00:00Z', '2026-07-13T12:00:00Z']
  ])('closed, %s', (_name, now, next) => {
    expect(stateAt(rules, NEW_YORK, now)).toEqual(opensAt(next))
  })

  it.each([
    ['at the opening instant (January)', '2026-01-05T13:00:00Z', '2026-01-06T02:00:00Z'],
    ['at the opening instant (July)', '2026-07-06T12:00:00Z', '2026-07-07T01:00:00Z'],
    ['a millisecond before the close', '2026-01-06T01:59:59.999Z', '2026-01-06T02:00:00Z'],
    ['Friday evening (20:59 local)', '2026-07-11T00:59:00Z', '2026-07-11T01:00:00Z']
  ])('open %s, until 21:00 local', (_name, now, end) => {
    expectOpenUntil(rules, NEW_YORK, now, end)
  })
})

describe('windowState across the DST changes in America/New_York', () => {
  it('the week of spring-forward: Friday at 08:00 EST, Monday at 08:00 EDT', () => {
    const rules = [rule(WEEKDAYS, '08:00', '21:00')]
    expect(stateAt(rules, NEW_YORK, '2026-03-06T12:00:00Z')).toEqual(
      opensAt('2026-03-06T13:00:00Z')
    )
    expect(stateAt(rules, NEW_YORK, '2026-03-07T03:00:00Z')).toEqual(
      opensAt('2026-03-09T12:00:00Z')
    )
  })

  it('a window starting in the spring-forward gap (Sun 02:30) opens at 03:00 EDT', () => {
    const rules = [rule([SUN], '02:30', '05:00')]
    expect(stateAt(rules, NEW_YORK, '2026-03-07T12:00:00Z')).toEqual(
      opensAt('2026-03-08T07:00:00Z')
    )
    // 01:59:59 EST, the last second before the jump: still closed.
    expect(stateAt(rules, NEW_YORK, '2026-03-08T06:59:59Z')).toEqual(
      opensAt('2026-03-08T07:00:00Z')
    )
    // 05:00 EDT is 09:00 UTC.
    expectOpenUntil(rules, NEW_YORK, '2026-03-08T07:00:00Z', '2026-03-08T09:00:00Z')
  })

  it('a window ending in the gap (Sun 01:00-02:30) closes at the jump, 03:00 EDT', () => {
    const rules = [rule([SUN], '01:00', '02:30')]
    expectOpenUntil(rules, NEW_YORK, '2026-03-08T06:30:00Z', '2026-03-08T07:00:00Z')
  })

  it('a window wholly inside the gap (Sun 02:10-02:50) does not open that day', () => {
    const rules = [rule([SUN], '02:10', '02:50')]
    // The next Sunday, 02:10 EDT.
    expect(stateAt(rules, NEW_YORK, '2026-03-07T12:00:00Z')).toEqual(
      opensAt('2026-03-15T06:10:00Z')
    )
  })

  it('a time that occurs twice (Sun 01:30 on fall-back day) means the first, 01:30 EDT', () => {
    const rules = [rule([SUN], '01:30', '03:00')]
    expect(stateAt(rules, NEW_YORK, '2026-10-31T12:00:00Z')).toEqual(
      opensAt('2026-11-01T05:30:00Z')
    )
    // Open from the first 01:30 through the second (06:30 UTC), to 03:00 EST.
    expectOpenUntil(rules, NEW_YORK, '2026-11-01T05:30:00Z', '2026-11-01T08:00:00Z')
    expectOpenUntil(rules, NEW_YORK, '2026-11-01T06:30:00Z', '2026-11-01T08:00:00Z')
  })

  it('an end that occurs twice is its first occurrence too', () => {
    const rules = [rule([SUN], '01:00', '01:30')]
    // 01:00-01:30 EDT; at 01:15 EST (the second pass) it is over, until the next Sunday.
    expectOpenUntil(rules, NEW_YORK, '2026-11-01T05:15:00Z', '2026-11-01T05:30:00Z')
    expect(stateAt(rules, NEW_YORK, '2026-11-01T06:15:00Z')).toEqual(
      opensAt('2026-11-08T06:00:00Z')
    )
  })

  it('the week of fall-back: Friday at 08:00 EDT, Monday at 08:00 EST', () => {
    const rules = [rule(WEEKDAYS, '08:00', '21:00')]
    expect(stateAt(rules, NEW_YORK, '2026-10-30T11:00:00Z')).toEqual(
      opensAt('2026-10-30T12:00:00Z')
    )
    expect(stateAt(rules, NEW_YORK, '2026-10-31T02:00:00Z')).toEqual(
      opensAt('2026-11-02T13:00:00Z')
    )
  })
})

describe('windowState across the DST changes in Europe/London', () => {
  it('spring-forward (2026-03-29): a window at 01:30, which does not exist, opens at 02:00 BST', () => {
    const rules = [rule([SUN], '01:30', '04:00')]
    expect(stateAt(rules, LONDON, '2026-03-28T12:00:00Z')).toEqual(opensAt('2026-03-29T01:00:00Z'))
    expect(stateAt(rules, LONDON, '2026-03-29T00:59:59Z')).toEqual(opensAt('2026-03-29T01:00:00Z'))
    expectOpenUntil(rules, LONDON, '2026-03-29T01:00:00Z', '2026-03-29T03:00:00Z')
  })

  it('spring-forward: 09:00 is 09:00 UTC on Friday and 08:00 UTC on Monday', () => {
    const rules = [rule(WEEKDAYS, '09:00', '17:00')]
    expect(stateAt(rules, LONDON, '2026-03-27T06:00:00Z')).toEqual(opensAt('2026-03-27T09:00:00Z'))
    expect(stateAt(rules, LONDON, '2026-03-27T18:00:00Z')).toEqual(opensAt('2026-03-30T08:00:00Z'))
  })

  it('fall-back (2026-10-25): 01:30, which occurs twice, is the first (BST)', () => {
    const rules = [rule([SUN], '01:30', '03:00')]
    expect(stateAt(rules, LONDON, '2026-10-24T12:00:00Z')).toEqual(opensAt('2026-10-25T00:30:00Z'))
    expectOpenUntil(rules, LONDON, '2026-10-25T00:30:00Z', '2026-10-25T03:00:00Z')
  })

  it('fall-back: 09:00 is 08:00 UTC on Friday and 09:00 UTC on Monday', () => {
    const rules = [rule(WEEKDAYS, '09:00', '17:00')]
    expect(stateAt(rules, LONDON, '2026-10-23T06:00:00Z')).toEqual(opensAt('2026-10-23T08:00:00Z'))
    expect(stateAt(rules, LONDON, '2026-10-23T18:00:00Z')).toEqual(opensAt('2026-10-26T09:00:00Z'))
  })
})

describe('windowState in Asia/Kolkata (+05:30)', () => {
  const rules = [rule(WEEKDAYS, '09:00', '18:00')]

  it('opens at 03:30 UTC and closes at 12:30 UTC', () => {
    expect(stateAt(rules, KOLKATA, '2026-01-05T00:00:00Z')).toEqual(opensAt('2026-01-05T03:30:00Z'))
    expectOpenUntil(rules, KOLKATA, '2026-01-05T03:30:00Z', '2026-01-05T12:30:00Z')
  })

  it('reads the local weekday: Friday 23:00 UTC is Saturday there, so Monday is next', () => {
    expect(stateAt(rules, KOLKATA, '2026-01-09T23:00:00Z')).toEqual(opensAt('2026-01-12T03:30:00Z'))
  })
})

describe('windowState: a window across midnight (Fri 22:00-02:00, New York, January)', () => {
  const rules = [rule([FRI], '22:00', '02:00')]

  it('is closed on Friday before 22:00, and opens at 22:00 EST', () => {
    expect(stateAt(rules, NEW_YORK, '2026-01-10T02:59:00Z')).toEqual(
      opensAt('2026-01-10T03:00:00Z')
    )
  })

  it('is open at Saturday 01:00, until Saturday 02:00', () => {
    expectOpenUntil(rules, NEW_YORK, '2026-01-10T06:00:00Z', '2026-01-10T07:00:00Z')
  })

  it('is closed at Saturday 03:00, and next opens the next Friday at 22:00', () => {
    expect(stateAt(rules, NEW_YORK, '2026-01-10T08:00:00Z')).toEqual(
      opensAt('2026-01-17T03:00:00Z')
    )
  })

  it('belongs to Friday: closing Saturday does not cut it short, closing Friday removes it', () => {
    const now = '2026-01-10T06:00:00Z'
    expectOpenUntil(rules, NEW_YORK, now, '2026-01-10T07:00:00Z', ['2026-01-10'])
    expect(stateAt(rules, NEW_YORK, now, ['2026-01-09'])).toEqual(opensAt('2026-01-17T03:00:00Z'))
  })
})

describe('windowState: 24:00', () => {
  it('Mon 18:00-24:00 is open at 23:59 and closes at Tuesday 00:00 local', () => {
    const rules = [rule([MON], '18:00', '24:00')]
    // Monday 23:59 EST; Tuesday 00:00 EST is 05:00 UTC.
    expectOpenUntil(rules, NEW_YORK, '2026-01-06T04:59:00Z', '2026-01-06T05:00:00Z')
    expect(stateAt(rules, NEW_YORK, '2026-01-06T05:00:00Z')).toEqual(
      opensAt('2026-01-12T23:00:00Z')
    )
  })

  it('a window ending at 24:00 and one starting at 00:00 the next day are one stretch', () => {
    const rules = [rule([MON], '18:00', '24:00'), rule([2], '00:00', '06:00')]
    expectOpenUntil(rules, NEW_YORK, '2026-01-06T04:59:00Z', '2026-01-06T11:00:00Z')
    // Where they meet, Tuesday 00:00 EST.
    expect(stateAt(rules, NEW_YORK, '2026-01-06T05:00:00Z')).toEqual({ open: true })
  })

  it('every day 00:00-24:00 is open, with no end to find', () => {
    const state = stateAt([rule(EVERY_DAY, '00:00', '24:00')], NEW_YORK, '2026-03-08T07:00:00Z')
    expect(state).toStrictEqual({ open: true })
  })
})

describe('windowState: overlapping windows', () => {
  it('closes at the end of the last window that overlaps the open one', () => {
    const rules = [rule([MON], '10:00', '14:00'), rule([MON], '08:00', '12:00')]
    expectOpenUntil(rules, 'UTC', '2026-01-05T09:00:00Z', '2026-01-05T14:00:00Z')
  })

  it('is not cut short by a shorter window inside the open one', () => {
    const rules = [rule([MON], '08:00', '14:00'), rule([MON], '09:00', '10:00')]
    expectOpenUntil(rules, 'UTC', '2026-01-05T09:30:00Z', '2026-01-05T14:00:00Z')
  })

  it('does not join windows with a gap between them', () => {
    const rules = [rule([MON], '08:00', '12:00'), rule([MON], '12:01', '14:00')]
    expectOpenUntil(rules, 'UTC', '2026-01-05T09:00:00Z', '2026-01-05T12:00:00Z')
  })
})

describe('windowState: closed dates', () => {
  const rules = [rule(WEEKDAYS, '08:00', '21:00')]

  it('skips a closed date: Christmas Day (Friday) after Thursday evening opens on Monday', () => {
    const now = '2026-12-25T03:00:00Z'
    expect(stateAt(rules, NEW_YORK, now)).toEqual(opensAt('2026-12-25T13:00:00Z'))
    expect(stateAt(rules, NEW_YORK, now, ['2026-12-25'])).toEqual(opensAt('2026-12-28T13:00:00Z'))
  })

  it('closes a window that is open on that date', () => {
    const now = '2026-12-25T15:00:00Z'
    expectOpenUntil(rules, NEW_YORK, now, '2026-12-26T02:00:00Z')
    expect(stateAt(rules, NEW_YORK, now, ['2026-12-25'])).toEqual(opensAt('2026-12-28T13:00:00Z'))
  })

  it('are local dates: 2026-12-24T19:00Z is already Friday 25 December in Kolkata', () => {
    const night = [rule([FRI], '00:00', '06:00')]
    const now = '2026-12-24T19:00:00Z'
    expectOpenUntil(night, KOLKATA, now, '2026-12-25T00:30:00Z')
    expect(stateAt(night, KOLKATA, now, ['2026-12-25'])).toEqual(opensAt('2026-12-31T18:30:00Z'))
  })

  it('extend the search: 400 closed days in a row, then the next weekday opens', () => {
    const closed = days('2026-01-01', 400)
    // 2027-02-05 (day 401) is a Friday.
    expect(stateAt(rules, 'UTC', '2026-01-01T00:00:00Z', closed)).toEqual(
      opensAt('2027-02-05T08:00:00Z')
    )
  })
})

/** `count` consecutive dates from `first`. */
function days(first: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    new Date(Date.parse(first) + i * 86_400_000).toISOString().slice(0, 10)
  )
}

describe('windowState: nothing ever opens', () => {
  it.each<[string, CallingRule[]]>([
    ['no rules', []],
    ['a rule with no days', [rule([], '08:00', '21:00')]],
    ['an empty window (start = end)', [rule(WEEKDAYS, '08:00', '08:00')]]
  ])('%s: opensAt is undefined', (_name, rules) => {
    expect(stateAt(rules, NEW_YORK, '2026-01-05T15:00:00Z')).toStrictEqual({
      open: false,
      opensAt: undefined
    })
  })

  it('closed dates that outlast the search: undefined; a few fewer, and the next one opens', () => {
    const rules = [rule([MON], '08:00', '09:00')]
    // A Sunday. Each closed date adds a day to the search, but closes a whole week of Mondays.
    const now = '2026-01-04T12:00:00Z'
    const mondays = (count: number): string[] =>
      days('2026-01-05', count * 7).filter((_, i) => i % 7 === 0)
    expect(stateAt(rules, 'UTC', now, mondays(80))).toStrictEqual({
      open: false,
      opensAt: undefined
    })
    const next = days('2026-01-05', 60 * 7 + 1).at(-1)
    expect(stateAt(rules, 'UTC', now, mondays(60))).toEqual(opensAt(`${next}T08:00:00Z`))
  })

  it('every day closed for longer than the search itself is impossible: each adds a day', () => {
    const rules = [rule(EVERY_DAY, '08:00', '21:00')]
    const closed = days('2025-12-31', SEARCH_DAYS * 2)
    const next = days('2025-12-31', SEARCH_DAYS * 2 + 1).at(-1)
    expect(stateAt(rules, 'UTC', '2026-01-01T00:00:00Z', closed)).toEqual(
      opensAt(`${next}T08:00:00Z`)
    )
  })
})

describe('windowState: time zones', () => {
  it('throws a RangeError for an unknown zone (the caller validates first)', () => {
    expect(() =>
      stateAt([rule(WEEKDAYS, '08:00', '21:00')], 'Mars/Olympus', '2026-01-05T00:00:00Z')
    ).toThrow(RangeError)
  })

  it('creates one Intl.DateTimeFormat per zone, however many readings it makes', () => {
    const spy = jest.spyOn(Intl, 'DateTimeFormat')
    try {
      const rules = [rule(EVERY_DAY, '00:00', '24:00')]
      stateAt(rules, 'Pacific/Chatham', '2026-01-05T00:00:00Z')
      stateAt(rules, 'Pacific/Chatham', '2026-07-05T00:00:00Z')
      zonedIso(0, 'Pacific/Chatham')
      expect(spy).toHaveBeenCalledTimes(1)
    } finally {
      spy.mockRestore()
    }
  })
})

describe('zonedIso', () => {
  it.each([
    ['New York in winter', NEW_YORK, '2026-12-07T13:00:00Z', '2026-12-07T08:00:00-05:00'],
    ['New York in summer', NEW_YORK, '2026-07-07T12:00:00Z', '2026-07-07T08:00:00-04:00'],
    ['the last second of EST', NEW_YORK, '2026-03-08T06:59:59Z', '2026-03-08T01:59:59-05:00'],
    ['the first instant of EDT', NEW_YORK, '2026-03-08T07:00:00Z', '2026-03-08T03:00:00-04:00'],
    [
      'the first 01:30 on fall-back day',
      NEW_YORK,
      '2026-11-01T05:30:00Z',
      '2026-11-01T01:30:00-04:00'
    ],
    ['the second 01:30', NEW_YORK, '2026-11-01T06:30:00Z', '2026-11-01T01:30:00-05:00'],
    ['London in winter', LONDON, '2026-01-05T09:00:00Z', '2026-01-05T09:00:00+00:00'],
    ['London in summer', LONDON, '2026-07-06T08:00:00Z', '2026-07-06T09:00:00+01:00'],
    ['Kolkata', KOLKATA, '2026-07-07T12:00:00Z', '2026-07-07T17:30:00+05:30'],
    [
      'Kolkata, past midnight of a new year',
      KOLKATA,
      '2026-12-31T20:00:00Z',
      '2027-01-01T01:30:00+05:30'
    ],
    ["St John's (-03:30)", 'America/St_Johns', '2026-01-05T12:00:00Z', '2026-01-05T08:30:00-03:30'],
    ['UTC, as +00:00 and not Z', 'UTC', '2026-07-07T12:00:00Z', '2026-07-07T12:00:00+00:00'],
    [
      'milliseconds dropped, not rounded',
      'UTC',
      '2026-07-07T12:00:00.999Z',
      '2026-07-07T12:00:00+00:00'
    ]
  ])('%s', (_name, timeZone, instant, expected) => {
    expect(zonedIso(Date.parse(instant), timeZone)).toBe(expected)
  })

  it('gives back the same instant when read by Date.parse', () => {
    const instant = Date.parse('2026-11-01T06:30:00Z')
    expect(Date.parse(zonedIso(instant, NEW_YORK))).toBe(instant)
  })
})

describe('zonedLocal', () => {
  it.each([
    [NEW_YORK, '2026-12-07T13:00:00Z', 'Mon 2026-12-07 08:00'],
    [NEW_YORK, '2026-03-08T07:00:00Z', 'Sun 2026-03-08 03:00'],
    [KOLKATA, '2026-12-31T20:00:59Z', 'Fri 2027-01-01 01:30'],
    [LONDON, '2026-10-25T00:30:00Z', 'Sun 2026-10-25 01:30'],
    ['UTC', '2026-07-11T23:59:59.999Z', 'Sat 2026-07-11 23:59']
  ])('%s at %s reads %s', (timeZone, instant, expected) => {
    expect(zonedLocal(Date.parse(instant), timeZone)).toBe(expected)
  })
})

// Weekday constants used above, checked against the calendar so a slip cannot hide.
it('the test dates fall on the weekdays their names say', () => {
  const weekday = (date: string): number => new Date(`${date}T12:00:00Z`).getUTCDay()
  expect([weekday('2026-01-05'), weekday('2026-03-08'), weekday('2026-11-01')]).toEqual([
    MON,
    SUN,
    SUN
  ])
  expect([weekday('2026-01-09'), weekday('2026-12-25'), weekday('2027-02-05')]).toEqual([
    FRI,
    FRI,
    FRI
  ])
  expect([weekday('2026-03-29'), weekday('2026-10-25'), weekday('2026-07-11')]).toEqual([
    SUN,
    SUN,
    SAT
  ])
})
