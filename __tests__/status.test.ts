import { classifyStatus, isActiveLike, isFinal, isPaused, normaliseStatus } from '../src/status.js'

describe('status rules', () => {
  it.each([
    ['paused', 'paused'],
    ['active', 'active'],
    ['running', 'active'],
    ['draft', 'draft'],
    ['completed', 'final'],
    ['cancelled', 'final'],
    ['archived', 'unknown'],
    ['', 'unknown'],
    ['PAUSED', 'unknown']
  ])('%s is %s', (status, kind) => {
    expect(classifyStatus(status)).toBe(kind)
  })

  it('offers predicates that agree with the classification', () => {
    expect(isPaused('paused')).toBe(true)
    expect(isActiveLike('running')).toBe(true)
    expect(isActiveLike('paused')).toBe(false)
    expect(isFinal('cancelled')).toBe(true)
    expect(isFinal('draft')).toBe(false)
  })

  it('reports the legacy running as active and leaves others alone', () => {
    expect(normaliseStatus('running')).toBe('active')
    expect(normaliseStatus('weird')).toBe('weird')
  })
})
