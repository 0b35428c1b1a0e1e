import { End, isDeleted, isError, isUnconfirmed, resultOf } from '../src/core/outcome.js'

/** The coarse result each end gives, and the questions outputs, state and summary ask of it. */

const http = (statusCode: number) => ({ kind: 'http' as const, workflowId: 'w', statusCode })

const ENDS: [string, End, ReturnType<typeof resultOf>][] = [
  ['changed', { kind: 'changed', confirmedBy: 'answer', at: 0 }, 'changed'],
  ['already', { kind: 'already' }, 'already'],
  [
    'an ignored conflict',
    { kind: 'conflict', status: 'active', ignored: true },
    'conflict-ignored'
  ],
  ['a conflict', { kind: 'conflict', status: 'active', ignored: false }, 'failed'],
  [
    'an ignored wait-timeout',
    {
      kind: 'wait-timeout',
      status: 'active',
      waitedMs: 1,
      stop: { cause: 'no-poll-left' },
      ignored: true
    },
    'conflict-ignored'
  ],
  [
    'a wait-timeout',
    {
      kind: 'wait-timeout',
      status: 'active',
      waitedMs: 1,
      stop: { cause: 'rate-limit' },
      ignored: false
    },
    'failed'
  ],
  ['not applied', { kind: 'not-applied', status: 'paused' }, 'failed'],
  ['unknown', { kind: 'unknown', cause: 'unanswered', error: http(502) }, 'unknown'],
  ['cancelled before sending', { kind: 'cancelled' }, 'cancelled'],
  ['cancelled in flight', { kind: 'cancelled', status: 'paused' }, 'cancelled'],
  ['failed', { kind: 'failed', error: http(500), found: false }, 'failed']
]

describe('resultOf', () => {
  it.each(ENDS)('gives %s its result', (_what, end, result) => {
    expect(resultOf(end)).toBe(result)
  })
})

describe('isError', () => {
  it.each(ENDS)(
    'fails the step for %s only if it failed, was cancelled or is unknown',
    (_what, end, result) => {
      expect(isError(end)).toBe(['failed', 'cancelled', 'unknown'].includes(result))
    }
  )
})

describe('isUnconfirmed', () => {
  it('is true for a change sent whose effect nothing confirmed', () => {
    const unconfirmed = ENDS.filter(([, end]) => isUnconfirmed(end)).map(([what]) => what)
    expect(unconfirmed).toEqual(['unknown', 'cancelled in flight'])
  })
})

describe('isDeleted', () => {
  it('is a 404 for a workflow that had been found', () => {
    expect(isDeleted({ kind: 'failed', error: http(404), found: true })).toBe(true)
    expect(isDeleted({ kind: 'failed', error: http(404), found: false })).toBe(false)
    expect(isDeleted({ kind: 'failed', error: http(410), found: true })).toBe(false)
    expect(isDeleted({ kind: 'unknown', cause: 'unanswered', error: http(404) })).toBe(false)
  })
})
