import { DialNexaApiError, describeAttempt } from '../src/api/errors.js'
import { PAUSE, RESUME } from '../src/core/verb.js'

const http = (statusCode: number, serverMessage?: string) =>
  new DialNexaApiError({
    kind: 'http',
    workflowId: 'wfl_42',
    statusCode,
    serverMessage,
    verb: RESUME
  })

describe('DialNexaApiError messages', () => {
  it.each([
    [401, "Check the 'api-key' secret"],
    [403, "Check the key's permissions"],
    [404, "Check 'workflow-id' and that the key belongs to the workflow's workspace"],
    [409, 'not paused'],
    [500, 'server error']
  ])('HTTP %i names the status, the workflow and what to check', (code, hint) => {
    const message = http(code, 'server says hi').message
    expect(message).toContain(`HTTP ${code}`)
    expect(message).toContain('wfl_42')
    expect(message).toContain('The API said: "server says hi"')
    expect(message).toContain(hint)
  })

  it('says which status a 409 needed, in the words of the change that got it', () => {
    const conflict = (verb?: typeof RESUME) =>
      new DialNexaApiError({ kind: 'http', workflowId: 'w', statusCode: 409, verb }).message
    expect(conflict(RESUME)).toContain('The workflow is not paused.')
    expect(conflict(PAUSE)).toContain('The workflow is not active.')
    expect(conflict()).not.toContain('The workflow is not')
  })

  it('omits the server part when there was no message', () => {
    expect(http(404).message).not.toContain('The API said')
  })

  it('explains network failures, timeouts and non-JSON answers', () => {
    expect(
      new DialNexaApiError({ kind: 'network', workflowId: 'w1', detail: 'ECONNREFUSED' }).message
    ).toContain('Could not reach the DialNexa API for workflow w1: ECONNREFUSED')
    expect(new DialNexaApiError({ kind: 'timeout', workflowId: 'w1' }).message).toContain(
      "Raise 'request-timeout'"
    )
    expect(
      new DialNexaApiError({ kind: 'invalid-response', workflowId: 'w1', statusCode: 200 }).message
    ).toContain('HTTP 200 for workflow w1 without a JSON workflow record')
  })

  it("blames 'request-timeout' only for a timeout that was its own, not a deadline's", () => {
    const slow = new DialNexaApiError({ kind: 'timeout', workflowId: 'w1' })
    const cut = new DialNexaApiError({ kind: 'timeout', workflowId: 'w1', cutByDeadline: true })
    expect(describeAttempt(slow)).toBe('no answer in time')
    expect(describeAttempt(cut)).toBe('no answer in the time left for it')
    expect(cut.message).toBe(
      'The DialNexa API had not answered for workflow w1 when the time left for the request ran out.'
    )
  })

  it('knows its status', () => {
    expect(http(409).isStatus(409)).toBe(true)
    expect(new DialNexaApiError({ kind: 'timeout', workflowId: 'w' }).isStatus(409)).toBe(false)
  })
})
