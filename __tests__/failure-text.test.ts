import { describeAttempt, describeFailure } from '../src/action/failure-text.js'
import { ApiFailure, NetworkFailure } from '../src/core/failure.js'
import {
  answered,
  ATTEMPT,
  BODY,
  invalidResponse,
  NETWORK,
  PROXY,
  quoted,
  REDIRECT,
  redirectRefused,
  TIMEOUT,
  TODO
} from './fixtures/messages.js'

/** A failed exchange in words, from the failure data alone: a cause, and what to do. */

const http = (statusCode: number, more: Partial<ApiFailure> = {}): ApiFailure => ({
  kind: 'http',
  workflowId: 'wfl_42',
  statusCode,
  ...more
})

describe('describeFailure of an HTTP error', () => {
  it.each([
    [401, TODO[401]],
    [403, TODO[403]],
    [404, TODO[404]],
    [422, TODO[422]],
    [500, TODO.server],
    [503, TODO.server]
  ])('HTTP %i names the status, the server message and what to check', (code, todo) => {
    const message = code === 404 ? 'Workflow wfl_42 not found' : 'server says hi'
    expect(describeFailure(http(code, { serverMessage: message }))).toEqual({
      cause: answered(code, quoted(message)),
      todo
    })
  })

  it('quotes an array message as the client joined it', () => {
    expect(describeFailure(http(400, { serverMessage: 'id is invalid; too long' }))).toEqual({
      cause: answered(400, quoted('id is invalid; too long')),
      todo: TODO[400]
    })
  })

  it('quotes the API’s own words for a 409, and says to check the workflow before again', () => {
    // The status a change needs is no longer inferred from a 409: it may still read as paused
    // (issue 16); a conflict's own sentence names the status it read.
    const refused = http(409, { verb: 'resume', serverMessage: 'Workflow is locked' })
    expect(describeFailure(refused)).toEqual({
      cause: answered(409, quoted('Workflow is locked')),
      todo: TODO.conflict
    })
    expect(describeFailure(http(409))).toEqual({ cause: answered(409), todo: TODO.conflict })
  })

  it('omits the server part when there was none, with advice for any status', () => {
    // Without the API's own "not found", a 404 points at api-url too (a path without /v1).
    expect(describeFailure(http(404))).toEqual({ cause: answered(404), todo: TODO.route })
    // A 3xx without a Location is the answer.
    expect(describeFailure(http(302))).toEqual({ cause: answered(302), todo: TODO.other })
  })

  it("points a route-level 404 (\"Cannot GET …\") at 'api-url', not only 'workflow-id'", () => {
    const route = http(404, { serverMessage: 'Cannot GET /workflows/wfl_42' })
    expect(describeFailure(route)).toEqual({
      cause: answered(404, quoted('Cannot GET /workflows/wfl_42')),
      todo: TODO.route
    })
  })

  it('calls a 404 for a workflow read earlier a likely deletion, not a wrong workflow-id', () => {
    const notFound = http(404, { serverMessage: 'Workflow w not found', verb: 'resume' })
    const cause = answered(404, quoted('Workflow w not found'))
    expect(describeFailure(notFound, true)).toEqual({ cause, todo: TODO.deleted })
    expect(describeFailure(notFound)).toEqual({ cause, todo: TODO[404] })
  })

  it('names no workflow: the sentence around it does, once', () => {
    const { cause, todo } = describeFailure(http(404))
    expect(`${cause} ${todo}`).not.toContain('wfl_42')
  })

  it('describes an HTML page in its own words, never as a quote from the API', () => {
    const page = http(502, { body: { shape: 'page', contentType: 'text/html' } })
    expect(describeFailure(page)).toEqual({
      cause: answered(502, BODY.pageForHttp('text/html')),
      todo: TODO.server
    })
    const huge = http(503, { body: { shape: 'oversized' } })
    expect(describeFailure(huge)).toEqual({
      cause: answered(503, BODY.oversized),
      todo: TODO.server
    })
  })

  it('quotes the server through the gate: one bounded line', () => {
    const { cause } = describeFailure(
      http(400, { serverMessage: `a\n::error::${'b'.repeat(500)}` })
    )
    expect(cause).toBe(answered(400, quoted(`a ::error::${'b'.repeat(69)}…`)))
  })
})

describe('describeFailure of an answer without a record', () => {
  const invalid = (statusCode: number, body?: ApiFailure['body']): ApiFailure => ({
    kind: 'invalid-response',
    workflowId: 'wfl_paused',
    statusCode,
    body
  })

  it.each([
    ['a page', invalid(200, { shape: 'page', contentType: 'text/html' }), BODY.page('text/html')],
    [
      'another record',
      invalid(200, { shape: 'other-record', id: 'wf_titled' }),
      BODY.otherRecord('wf_titled')
    ],
    ['an oversized answer', invalid(200, { shape: 'oversized' }), BODY.oversized],
    ['an empty body', invalid(204, { shape: 'empty' }), BODY.empty],
    ['JSON without a status', invalid(200, { shape: 'no-status' }), BODY.noStatus],
    ['nothing known', invalid(200), BODY.none]
  ])('says what came instead: %s', (_what, failure, what) => {
    expect(describeFailure(failure)).toEqual(invalidResponse(failure.statusCode!, what))
  })
})

describe('describeFailure of a timeout', () => {
  it("blames 'request-timeout' only for a timeout that was its own, not a deadline's", () => {
    expect(describeFailure({ kind: 'timeout', workflowId: 'w1' })).toEqual(TIMEOUT.own)
    expect(describeFailure({ kind: 'timeout', workflowId: 'w1', cutByDeadline: true })).toEqual(
      TIMEOUT.cutByDeadline
    )
  })
})

describe('describeFailure of a refused redirect', () => {
  const refused = (redirect?: ApiFailure['redirect']): ApiFailure => ({
    kind: 'redirect',
    workflowId: 'wfl_paused',
    statusCode: 307,
    redirect
  })

  it.each([
    [
      'another origin',
      refused({
        reason: 'other-origin',
        origin: 'http://127.0.0.1:9',
        apiOrigin: 'http://127.0.0.1:8'
      }),
      REDIRECT.otherOrigin('http://127.0.0.1:9')
    ],
    [
      'plain http',
      refused({
        reason: 'downgrade',
        origin: 'http://api.dialnexa.com',
        apiOrigin: 'https://api.dialnexa.com'
      }),
      REDIRECT.downgrade('http://api.dialnexa.com')
    ],
    ['too many', refused({ reason: 'too-many' }), REDIRECT.tooMany],
    ['a bad Location', refused({ reason: 'bad-location' }), REDIRECT.badLocation],
    ['no reason', refused(), REDIRECT.none]
  ])('says why: %s', (_what, failure, what) => {
    expect(describeFailure(failure)).toEqual(redirectRefused(what))
  })
})

describe('describeFailure of a connection that failed', () => {
  const where = 'api.dialnexa.com:443'
  const network = (n: NetworkFailure): ApiFailure => ({
    kind: 'network',
    workflowId: 'wfl_1',
    network: n
  })
  const said = (n: NetworkFailure) => describeFailure(network(n))
  const proxy = { variable: 'HTTPS_PROXY', address: 'http://proxy.corp.example:3128' }
  const theProxy = PROXY('http://proxy.corp.example:3128', 'HTTPS_PROXY')

  it.each([
    ['certHost', 'cert-host', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['certExpired', 'cert-expired', 'CERT_HAS_EXPIRED'],
    ['certNotYetValid', 'cert-not-yet-valid', 'CERT_NOT_YET_VALID'],
    ['certUntrusted', 'cert-untrusted', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['certRejected', 'cert-rejected', 'CERT_REVOKED'],
    ['tls', 'tls', 'ERR_SSL_WRONG_VERSION_NUMBER'],
    ['notHttp', 'not-http', 'HPE_INVALID_CONSTANT'],
    ['refused', 'refused', 'ECONNREFUSED'],
    ['reset', 'reset', 'ECONNRESET'],
    ['unreachable', 'unreachable', 'ETIMEDOUT'],
    ['unreachable', 'unreachable', 'EHOSTUNREACH'],
    ['other', 'other', 'EPIPE']
  ] as const)('gives %s (%s, %s) its sentence, naming the address', (sentence, cause, code) => {
    expect(said({ cause, code, where })).toEqual(NETWORK[sentence](where, code))
  })

  it('names the address it was refused at', () => {
    expect(said({ cause: 'refused', code: 'ECONNREFUSED', where: '127.0.0.1:4010' })).toEqual(
      NETWORK.refused('127.0.0.1:4010', 'ECONNREFUSED')
    )
  })

  it('says a request that could not be built is a fault of the action', () => {
    expect(said({ cause: 'request-build', code: 'ERR_INVALID_CHAR', where })).toEqual(
      NETWORK.requestBuild('ERR_INVALID_CHAR')
    )
  })

  it.each(['ENOTFOUND', 'EAI_AGAIN'])('names the host that %s could not resolve', code => {
    expect(said({ cause: 'dns', code, where: 'api.dialnexa.con' })).toEqual(
      NETWORK.dns('api.dialnexa.con', code)
    )
  })

  it('names a proxy variable that holds no URL, never its value', () => {
    const unreadable = { ...proxy, address: '', hasCredentials: false }
    const text = said({
      cause: 'proxy-variable',
      code: 'HTTPS_PROXY is not a URL',
      where,
      proxy: unreadable
    })
    expect(text).toEqual(NETWORK.proxyVariable('HTTPS_PROXY'))
  })

  it('says a 407 needs credentials, or that those given were rejected, never showing them', () => {
    const auth = (hasCredentials: boolean): NetworkFailure => ({
      cause: 'proxy-auth',
      code: 'proxy HTTP 407',
      where,
      proxy: { ...proxy, hasCredentials },
      proxyStatus: 407
    })
    expect(said(auth(false))).toEqual(NETWORK.proxyAuthMissing(theProxy, 'HTTPS_PROXY'))
    expect(said(auth(true))).toEqual(NETWORK.proxyAuthRejected(theProxy, 'HTTPS_PROXY'))
  })

  it('tells a proxy that refused from one that could not get through', () => {
    const answeredBy = (cause: 'proxy-refused' | 'proxy-gateway', status: number) =>
      said({
        cause,
        code: `proxy HTTP ${status}`,
        where,
        proxy: { ...proxy, hasCredentials: false },
        proxyStatus: status
      })
    expect(answeredBy('proxy-refused', 403)).toEqual(NETWORK.proxyRefused(theProxy, where, 403))
    expect(answeredBy('proxy-gateway', 502)).toEqual(NETWORK.proxyGateway(theProxy, where, 502))
  })

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT'])(
    'says the proxy could not be reached, and why by its code (%s)',
    code => {
      const unreachableProxy = {
        cause: 'proxy-unreachable' as const,
        code,
        where,
        proxy: { variable: 'https_proxy', address: 'http://127.0.0.1:9', hasCredentials: false }
      }
      expect(said(unreachableProxy)).toEqual(
        NETWORK.proxyUnreachable(PROXY('http://127.0.0.1:9', 'https_proxy'), code, 'https_proxy')
      )
    }
  )

  it('still says something when the cause is not known', () => {
    expect(describeFailure({ kind: 'network', workflowId: 'w' })).toEqual(NETWORK.none)
  })
})

describe('describeFailure of a bug', () => {
  it('uses its own message, on one clipped line, and asks for a report', () => {
    expect(describeFailure({ kind: 'unexpected', message: 'a\nb' })).toEqual({
      cause: 'a b',
      todo: TODO.bug
    })
  })
})

describe('describeAttempt', () => {
  it.each([
    ['no failure', undefined, ATTEMPT.unexpected],
    ['a bug', { kind: 'unexpected' as const, message: 'x' }, ATTEMPT.unexpected],
    ['its own timeout', { kind: 'timeout' as const, workflowId: 'w' }, ATTEMPT.ownTimeout],
    [
      "the deadline's timeout",
      { kind: 'timeout' as const, workflowId: 'w', cutByDeadline: true },
      ATTEMPT.cutTimeout
    ],
    ['a 429', http(429, { serverMessage: 'Too many requests' }), ATTEMPT.rateLimited],
    ['a 503', http(503), ATTEMPT.serverError(503)],
    ['a 404', http(404), ATTEMPT.http(404)],
    [
      'a record-less answer',
      { kind: 'invalid-response' as const, workflowId: 'w', statusCode: 204 },
      ATTEMPT.recordless(204)
    ],
    [
      'a refused redirect',
      { kind: 'redirect' as const, workflowId: 'w', statusCode: 307 },
      ATTEMPT.redirect(307)
    ],
    [
      'a reset, without the advice',
      {
        kind: 'network' as const,
        workflowId: 'w',
        network: { cause: 'reset' as const, code: 'ECONNRESET', where: 'api.dialnexa.com:443' }
      },
      ATTEMPT.reset('api.dialnexa.com:443')
    ]
  ])('names %s in a short phrase', (_what, failure, phrase) => {
    expect(describeAttempt(failure)).toBe(phrase)
  })
})
