import { classifyStatus, isPaused, normaliseStatus } from '../src/core/status.js'

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
    ['PAUSED', 'paused'],
    ['paused ', 'paused'],
    [' Running\t', 'active'],
    ['Cancelled', 'final']
  ])('%s is %s', (status, kind) => {
    expect(classifyStatus(status)).toBe(kind)
  })

  it('offers predicates that agree with the classification', () => {
    expect(isPaused('paused')).toBe(true)
    expect(isPaused('active')).toBe(false)
  })

  it('gives one spelling: legacy running as active, case and surrounding spaces ignored', () => {
    expect(normaliseStatus('running')).toBe('active')
    expect(normaliseStatus(' RUNNING ')).toBe('active')
    expect(normaliseStatus('PAUSED ')).toBe('paused')
    expect(normaliseStatus('Weird Status')).toBe('weird status')
  })
})
