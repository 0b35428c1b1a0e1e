import { parseTimeZone } from '../src/action/calling-hours-input.js'

/** Review A: zone naming in `time-zone`, on the runtime's own zone data. */

describe('time-zone naming', () => {
  // CET and EST5EDT are IANA names whose rules follow daylight saving (the runtime resolves them
  // to Europe/Brussels and America/New_York), yet the refusal says they are fixed offsets that
  // ignore daylight saving: the error misdescribes the value.
  it.each(['CET', 'EST5EDT'])(
    'does not call %s a fixed offset that ignores daylight saving',
    zone => {
      const july = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
      const january = july.format(Date.UTC(2026, 0, 15)).split(', ')[1]
      expect(july.format(Date.UTC(2026, 6, 15)).split(', ')[1]).not.toBe(january)
      expect(() => parseTimeZone(zone)).not.toThrow('fixed offset ignores daylight saving')
    }
  )
})
