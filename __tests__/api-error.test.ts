import { DialNexaApiError, isCutByDeadline, toFailure } from '../src/api/retry.js'
import { ApiFailure } from '../src/core/failure.js'

/** Errors as data: the client throws them, and hands callers the failure they carry. */

const failure: ApiFailure = {
  kind: 'http',
  workflowId: 'wfl_42',
  statusCode: 409,
  serverMessage: 'server says hi',
  serverStatus: 'active',
  retryAfterMs: 2000,
  verb: 'resume'
}

describe('DialNexaApiError', () => {
  it('carries its failure whole; its message, for the debug log, quotes no server text', () => {
    const error = new DialNexaApiError(failure)
    expect(error.failure).toBe(failure)
    expect(error.message).toBe('DialNexa API http 409')
  })

  it('knows its status', () => {
    expect(new DialNexaApiError(failure).isStatus(409)).toBe(true)
    expect(new DialNexaApiError(failure).isStatus(404)).toBe(false)
    expect(new DialNexaApiError({ kind: 'timeout', workflowId: 'w' }).isStatus(409)).toBe(false)
    // Only an HTTP error has a status of its own: a redirect's 307 is why it was refused.
    const redirect = new DialNexaApiError({ kind: 'redirect', workflowId: 'w', statusCode: 307 })
    expect(redirect.isStatus(307)).toBe(false)
  })
})

describe('isCutByDeadline', () => {
  it("is true only for a timeout the caller's deadline caused", () => {
    const timeout = (cutByDeadline?: boolean) =>
      new DialNexaApiError({ kind: 'timeout', workflowId: 'w', cutByDeadline })
    expect(isCutByDeadline(timeout(true))).toBe(true)
    expect(isCutByDeadline(timeout(false))).toBe(false)
    expect(isCutByDeadline(timeout())).toBe(false)
    expect(isCutByDeadline(new DialNexaApiError({ ...failure, cutByDeadline: true }))).toBe(false)
  })
})

describe('toFailure', () => {
  it('hands back the failure an API error carries', () => {
    expect(toFailure(new DialNexaApiError(failure))).toBe(failure)
  })

  it('turns anything else into an unexpected failure with its message', () => {
    expect(toFailure(new TypeError('boom'))).toEqual({ kind: 'unexpected', message: 'boom' })
    expect(toFailure('a string')).toEqual({ kind: 'unexpected', message: 'a string' })
  })
})
