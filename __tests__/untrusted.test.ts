import { clip, describeServerMessage, registerSecret, wrapUntrusted } from '../src/untrusted.js'

describe('clip', () => {
  it('turns control characters and line breaks into spaces', () => {
    expect(clip('a\nb\r\nc\u0007d\u2028e')).toBe('a b c d e')
  })

  it('caps the length', () => {
    expect(clip('x'.repeat(1000), 10)).toBe(`${'x'.repeat(10)}…`)
  })

  it('removes registered secrets', () => {
    registerSecret('dnx_live_TOPSECRET')
    expect(clip('bad key dnx_live_TOPSECRET here')).toBe('bad key *** here')
  })
})

describe('describeServerMessage', () => {
  it('accepts a string or an array of strings', () => {
    expect(describeServerMessage('Workflow not found')).toBe('Workflow not found')
    expect(describeServerMessage(['id must be a string', 'x is required'])).toBe(
      'id must be a string; x is required'
    )
  })

  it('ignores anything else', () => {
    expect(describeServerMessage(undefined)).toBeUndefined()
    expect(describeServerMessage(42)).toBeUndefined()
    expect(describeServerMessage([1, 2])).toBeUndefined()
    expect(describeServerMessage('  ')).toBeUndefined()
  })
})

describe('wrapUntrusted', () => {
  it('brackets the lines with stop-commands and the matching end token', () => {
    expect(wrapUntrusted(['::set-output name=a::b'], 'tok123456789')).toBe(
      '::stop-commands::tok123456789\n::set-output name=a::b\n::tok123456789::'
    )
  })

  it('uses a fresh, unguessable token each time', () => {
    const first = wrapUntrusted(['x']).split('\n')[0]
    const second = wrapUntrusted(['x']).split('\n')[0]
    expect(first).not.toBe(second)
    expect(first).toMatch(/^::stop-commands::[0-9a-f]{32}$/)
  })
})
