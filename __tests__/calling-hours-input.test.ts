import {
  MAX_CALLING_RULES,
  MAX_CLOSED_DATES,
  MAX_RULE_LENGTH,
  parseCallingHours,
  parseClosedDates,
  parseTimeZone
} from '../src/action/calling-hours-input.js'
import { InputError, quoteInput } from '../src/action/input-rules.js'
import { registerSecret } from '../src/core/redact.js'
import type { CallingRule } from '../src/workflow/calling-hours.js'

/** The message of a refused input, checked to name the input and read as a short sentence. */
function refusal(input: string, parse: () => unknown): string {
  try {
    parse()
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    expect(error.input).toBe(input)
    const message = error.message.slice(`Input '${input}' `.length)
    expect(message).toMatch(/^[a-z].*\.$/s)
    expect(message.split(/\s+/).length).toBeLessThan(25)
    return message
  }
  throw new Error('accepted')
}

const hoursRefusal = (text: string) => refusal('calling-hours', () => parseCallingHours(text))
const zoneRefusal = (text: string) => refusal('time-zone', () => parseTimeZone(text))
const datesRefusal = (text: string) => refusal('closed-dates', () => parseClosedDates(text))

/** A value as the refusals quote it. */
const quote = (value: string): string => `"${quoteInput(value)}"`

const h = (hours: number, minutes = 0): number => hours * 60 + minutes

describe('parseCallingHours: accepted', () => {
  it.each(['', '   ', ' ; ;\n\n', '\r\n'])('%j is no guard (undefined)', text => {
    expect(parseCallingHours(text)).toBeUndefined()
  })

  it('reads the example of the issue', () => {
    expect(parseCallingHours('Mon-Fri 08:00-21:00; Sat 09:00-17:00')).toEqual([
      { days: [1, 2, 3, 4, 5], startMin: h(8), endMin: h(21) },
      { days: [6], startMin: h(9), endMin: h(17) }
    ])
  })

  it('separates rules by newlines (LF or CRLF) as by semicolons, ignoring blanks', () => {
    expect(parseCallingHours('Mon 08:00-12:00\r\n\r\n  Tue 13:00-14:30  \n;')).toEqual([
      { days: [1], startMin: h(8), endMin: h(12) },
      { days: [2], startMin: h(13), endMin: h(14, 30) }
    ])
  })

  it.each<[string, number[]]>([
    ['mon', [1]],
    ['SUN', [0]],
    ['sAt,SuN', [0, 6]],
    ['Tue-Thu', [2, 3, 4]],
    ['Mon-Sun', [0, 1, 2, 3, 4, 5, 6]],
    ['Sun-Sat', [0, 1, 2, 3, 4, 5, 6]],
    // A range runs forwards, round the end of the week.
    ['Fri-Mon', [0, 1, 5, 6]],
    ['Sat-Sun', [0, 6]],
    ['Wed-Wed', [3]],
    ['Mon-Wed,Fri', [1, 2, 3, 5]],
    ['Mon,Mon-Tue,tue', [1, 2]],
    ['Sat , Sun', [0, 6]],
    ['Mon - Fri', [1, 2, 3, 4, 5]],
    ['Mon\u2013Fri', [1, 2, 3, 4, 5]]
  ])('days %j are %j', (days, expected) => {
    const [rule] = parseCallingHours(`${days} 08:00-21:00`) ?? []
    expect(rule?.days).toEqual(expected)
  })

  it.each<[string, number, number]>([
    ['00:00-24:00', 0, h(24)],
    ['18:00-24:00', h(18), h(24)],
    ['22:00-02:00', h(22), h(2)],
    ['23:59-00:00', h(23, 59), 0],
    ['8:00-9:30', h(8), h(9, 30)],
    ['08:00 - 21:00', h(8), h(21)],
    ['08:00\u201321:00', h(8), h(21)]
  ])('times %j are minutes %d to %d', (times, startMin, endMin) => {
    expect(parseCallingHours(`Fri ${times}`)).toEqual<CallingRule[]>([
      { days: [5], startMin, endMin }
    ])
  })

  it(`takes up to MAX_CALLING_RULES (${MAX_CALLING_RULES}) rules`, () => {
    const text = Array.from({ length: MAX_CALLING_RULES }, () => 'Mon 08:00-09:00').join('; ')
    expect(parseCallingHours(text)).toHaveLength(MAX_CALLING_RULES)
  })
})

describe('parseCallingHours: refused', () => {
  const FORM = 'must be rules such as "Mon-Fri 08:00-21:00; Sat 09:00-17:00"'

  it.each([
    ['no times', 'Mon-Fri', `${FORM}; "Mon-Fri" is not.`],
    ['no days', '08:00-21:00', `${FORM}; "08:00-21:00" is not.`],
    ['hours without minutes', 'Mon-Fri 8-21', `${FORM}; "Mon-Fri 8-21" is not.`],
    ['one time', 'Mon 08:00', `${FORM}; "Mon 08:00" is not.`],
    ['a dot for a colon', 'Mon 08.00-21.00', `${FORM}; "Mon 08.00-21.00" is not.`],
    ['12-hour times', 'Mon 8:00am-9:00pm', `${FORM}; "Mon 8:00am-9:00pm" is not.`],
    [
      'two rules on one line',
      'Mon 08:00-12:00 Tue 09:00-10:00',
      `${FORM}; "Mon 08:00-12:00 Tue 09:00-10:00" is not.`
    ],
    ['no space after the days', 'Mon08:00-21:00', `${FORM}; "Mon08:00-21:00" is not.`]
  ])('%s: %j', (_name, text, message) => {
    expect(hoursRefusal(text)).toBe(message)
  })

  const DAYS = 'must name days Mon to Sun, e.g. "Mon-Fri" or "Sat,Sun"'

  it.each([
    ['a misspelt day', 'Mon-Fry 08:00-21:00', `${DAYS}; "Fry" is not.`],
    ['a full day name', 'Monday 08:00-21:00', `${DAYS}; "Monday" is not.`],
    ['a number', 'Mon,1 08:00-21:00', `${FORM}; "Mon,1 08:00-21:00" is not.`],
    ['a range of three', 'Mon-Wed-Fri 08:00-21:00', `${DAYS}; "Mon-Wed-Fri" is not.`],
    ['a range with no end', 'Mon- 08:00-21:00', `${DAYS}; "Mon-" is not.`],
    ['an empty list item', 'Mon,,Tue 08:00-21:00', `${DAYS}; "Mon,,Tue" is not.`],
    ['a list ending in a comma', 'Sat, 08:00-21:00', `${DAYS}; "Sat," is not.`]
  ])('%s: %j', (_name, text, message) => {
    expect(hoursRefusal(text)).toBe(message)
  })

  const TIMES = 'must give 24-hour times from 00:00 to 24:00'

  it.each([
    ['an hour past 24', 'Mon 25:00-26:00', `${TIMES}; "25:00" is not one.`],
    ['a minute past 59', 'Mon 08:60-21:00', `${TIMES}; "08:60" is not one.`],
    ['a bad end', 'Mon 08:00-21:75', `${TIMES}; "21:75" is not one.`],
    ['past 24:00', 'Mon 20:00-24:30', `${TIMES}; "24:30" is not one.`],
    ['three-digit hours', 'Mon 008:00-21:00', `${FORM}; "Mon 008:00-21:00" is not.`]
  ])('%s: %j', (_name, text, message) => {
    expect(hoursRefusal(text)).toBe(message)
  })

  it('refuses 24:00 as a start', () => {
    expect(hoursRefusal('Mon 24:00-06:00')).toBe(
      'may use 24:00 only as an end; "Mon 24:00-06:00" starts at it (use 00:00).'
    )
  })

  it.each(['Mon 08:00-08:00', 'Sat,Sun 00:00-00:00', 'Tue 9:30-09:30'])(
    'refuses an empty window: %j',
    text => {
      expect(hoursRefusal(text)).toBe(`has an empty window in "${text}": it ends when it starts.`)
    }
  )

  it('reports the first bad rule', () => {
    expect(hoursRefusal('Mon 08:00-21:00; Tue 25:00-26:00\nWed 1')).toBe(
      `${TIMES}; "25:00" is not one.`
    )
  })

  it(`refuses more than MAX_CALLING_RULES (${MAX_CALLING_RULES}) rules, blanks not counted`, () => {
    const rules = Array.from({ length: MAX_CALLING_RULES + 1 }, () => 'Mon 08:00-09:00')
    expect(hoursRefusal(rules.join(';\n;'))).toBe(
      `may hold at most ${MAX_CALLING_RULES} rules; it holds ${MAX_CALLING_RULES + 1}.`
    )
  })

  it(`refuses a rule longer than MAX_RULE_LENGTH (${MAX_RULE_LENGTH}), takes one that long`, () => {
    const padded = (length: number): string => `Mon${' '.repeat(length - 14)}08:00-21:00`
    expect(parseCallingHours(padded(MAX_RULE_LENGTH))).toHaveLength(1)
    const long = padded(MAX_RULE_LENGTH + 1)
    expect(hoursRefusal(long)).toBe(`${FORM}; ${quote(long)} is not.`)
  })

  it('quotes a long rule shortened to 40 characters', () => {
    const text = `Mon 08:00-21:00 ${'x'.repeat(60)}`
    expect(hoursRefusal(text)).toBe(`${FORM}; "${text.slice(0, 40)}…" is not.`)
  })

  it('shows an invisible character in a day as an escape, so the quote does not look valid', () => {
    expect(hoursRefusal('Mon\u200b-Fri 08:00-21:00')).toBe(`${DAYS}; "Mon\\u200b" is not.`)
  })

  it('shows a control character as an escape', () => {
    expect(hoursRefusal('Mon 08:00-21:00\u0007')).toBe(`${FORM}; "Mon 08:00-21:00\\u0007" is not.`)
  })
})

describe('parseTimeZone', () => {
  it.each(['', '  '])('%j is undefined: whether one is needed is for the caller', text => {
    expect(parseTimeZone(text)).toBeUndefined()
  })

  it.each([
    ['America/New_York', 'America/New_York'],
    [' Europe/London ', 'Europe/London'],
    ['america/new_york', 'America/New_York'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
    ['America/Port-au-Prince', 'America/Port-au-Prince'],
    ['US/Eastern', 'US/Eastern'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Etc/UTC', 'Etc/UTC']
  ])('accepts %j as %j', (text, expected) => {
    expect(parseTimeZone(text)).toBe(expected)
  })

  it.each(['+05:00', '-0500', 'GMT+5', 'UTC+1', 'EST', 'MST', 'Etc/GMT+5'])(
    'refuses the fixed offset or abbreviation %j, saying why',
    text => {
      expect(zoneRefusal(text)).toBe(
        `must be a zone name such as "America/New_York" or "UTC": a fixed offset ignores daylight saving; "${text}" is not one.`
      )
    }
  )

  // Names without a region that follow daylight saving, or that are UTC by another name.
  it.each(['EST5EDT', 'CET', 'GMT', 'etc/gmt', 'Etc/Universal'])('accepts %j', text => {
    expect(() => parseTimeZone(text)).not.toThrow()
  })

  it('calls an unknown one-letter zone unknown', () => {
    expect(zoneRefusal('Z')).toBe('must be a zone name such as "America/New_York"; "Z" is unknown.')
  })

  it.each(['America/New_Yrok', 'Mars/Olympus', 'America/New York', 'Europe/London/'])(
    'refuses the unknown zone %j',
    text => {
      expect(zoneRefusal(text)).toBe(
        `must be a zone name such as "America/New_York"; "${text}" is unknown.`
      )
    }
  )

  it('shows an invisible character in a zone name as an escape', () => {
    expect(zoneRefusal('America/New_York\u200b')).toBe(
      'must be a zone name such as "America/New_York"; "America/New_York\\u200b" is unknown.'
    )
  })
})

describe('parseClosedDates', () => {
  it.each(['', ' ', '\n,\n'])('%j is no closed date', text => {
    expect(parseClosedDates(text)).toEqual([])
  })

  it('reads dates separated by commas, semicolons and newlines, sorted, once each', () => {
    const text = '2026-12-25, 2027-01-01\n2026-11-26;2026-12-25\r\n 2026-07-03 '
    expect(parseClosedDates(text)).toEqual(['2026-07-03', '2026-11-26', '2026-12-25', '2027-01-01'])
  })

  it.each(['2028-02-29', '2000-02-29', '2026-12-31', '2026-04-30'])(
    'accepts the real date %s',
    date => {
      expect(parseClosedDates(date)).toEqual([date])
    }
  )

  it.each([
    '2026-12-5',
    '12/25/2026',
    '2026/12/25',
    '25-12-2026',
    'Christmas',
    '2026-12-25T00:00',
    '+2026-12-25'
  ])('refuses %j, naming the form', text => {
    expect(datesRefusal(`2026-01-01, ${text}`)).toBe(
      `must be dates such as "2026-12-25, 2027-01-01"; "${text}" is not.`
    )
  })

  it.each([
    '2026-02-29',
    '2026-02-30',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-01-32'
  ])('refuses %s, which is not a calendar date', date => {
    expect(datesRefusal(date)).toBe(`must be real calendar dates; "${date}" is not.`)
  })

  it('shows an invisible character in a date as an escape', () => {
    expect(datesRefusal('2026-12-25\u200b')).toBe(
      'must be dates such as "2026-12-25, 2027-01-01"; "2026-12-25\\u200b" is not.'
    )
  })

  const dates = (count: number): string[] =>
    Array.from({ length: count }, (_, i) =>
      new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
    )

  it(`takes up to MAX_CLOSED_DATES (${MAX_CLOSED_DATES}) dates, a repeat counted once`, () => {
    const text = [...dates(MAX_CLOSED_DATES), '2026-01-01'].join(',')
    expect(parseClosedDates(text)).toHaveLength(MAX_CLOSED_DATES)
  })

  it(`refuses more than MAX_CLOSED_DATES (${MAX_CLOSED_DATES})`, () => {
    expect(datesRefusal(dates(MAX_CLOSED_DATES + 1).join('\n'))).toBe(
      `may hold at most ${MAX_CLOSED_DATES} dates; it holds ${MAX_CLOSED_DATES + 1}.`
    )
  })
})

describe('quote (quoteInput, shared with the other inputs)', () => {
  it.each([
    ['plain text', 'Mon', '"Mon"'],
    ['exactly 40 characters', 'a'.repeat(40), `"${'a'.repeat(40)}"`],
    ['41 characters, cut to 40', 'a'.repeat(41), `"${'a'.repeat(40)}…"`],
    ['an astral character is never cut in half', '😀'.repeat(41), `"${'😀'.repeat(20)}…"`],
    ['zero-width space', 'a\u200bb', '"a\\u200bb"'],
    ['right-to-left override', 'a\u202eb', '"a\\u202eb"'],
    ['byte-order mark', '\ufeffUTC', '"\\ufeffUTC"'],
    ['no-break space', 'a\u00a0b', '"a\\u00a0b"'],
    ['newline and tab', 'a\nb\tc', '"a\\u000ab\\u0009c"'],
    ['escape', '\u001b[31m', '"\\u001b[31m"'],
    ['line separator', 'a\u2028b', '"a\\u2028b"'],
    ['an astral format character', 'a\u{e0001}b', '"a\\u{e0001}b"'],
    ['a lone surrogate', 'a\ud800b', '"a\\ud800b"']
  ])('%s', (_name, value, expected) => {
    expect(quote(value)).toBe(expected)
  })

  it('keeps ordinary spaces and punctuation as they are', () => {
    expect(quote('Mon-Fri 08:00-21:00; "x"')).toBe('"Mon-Fri 08:00-21:00; "x""')
  })
})

describe('a refusal quoting the key', () => {
  it('redacts it, as every input refusal does', () => {
    const key = 'dnx_live_abcdefghijklmnop'
    registerSecret(key)
    expect(zoneRefusal(key)).not.toContain('abcdefghijklmnop')
    expect(datesRefusal(`2026-12-25 ${key}`)).not.toContain('abcdefghijklmnop')
  })
})
