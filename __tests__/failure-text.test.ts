import { describeAttempt, describeFailure } from '../src/action/failure-text.js'
import { ApiFailure, NetworkFailure } from '../src/core/failure.js'
import {
  answerWas,
  apiSaid,
  ATTEMPT,
  BODY,
  HINT,
  httpFailure,
  invalidResponse,
  NETWORK,
  REDIRECT,
  redirectRefused,
  TIMEOUT,
  unreachable
} from './fixtures/messages.js'

/** A failed exchange in words, from the failure data alone. */

const subject = 'workflow wfl_42'
const http = (statusCode: number, more: Partial<ApiFailure> = {}): ApiFailure => ({
  kind: 'http',
  workflowId: 'wfl_42',
  statusCode,
  ...more
})

describe('describeFailure of an HTTP error', () => {
  it.each([
    [401, HINT[401]],
    [403, HINT[403]],
    [404, HINT[404]],
    [422, HINT[422]],
    [500, HINT.server],
    [503, HINT.server]
  ])(
    'HTTP %i names the status, the workflow, the server message and what to check',
    (code, hint) => {
      expect(describeFailure(http(code, { serverMessage: 'server says hi' }), subject)).toBe(
        httpFailure(code, subject, apiSaid('server says hi'), hint)
      )
    }
  )

  it('quotes an array message as the client joined it', () => {
    expect(describeFailure(http(400, { serverMessage: 'id is invalid; too long' }), subject)).toBe(
      httpFailure(400, subject, apiSaid('id is invalid; too long'), HINT[400])
    )
  })

  it('says which status a 409 needed, in the words of the change that got it', () => {
    expect(describeFailure(http(409, { verb: 'resume' }), subject)).toBe(
      httpFailure(409, subject, HINT.notAccepted('paused'))
    )
    expect(describeFailure(http(409, { verb: 'pause' }), subject)).toBe(
      httpFailure(409, subject, HINT.notAccepted('active'))
    )
    // A read got it: no change was asked for, so no status is named.
    expect(describeFailure(http(409), subject)).toBe(httpFailure(409, subject))
  })

  it('omits the server part when there was no message, and the hint when there is none', () => {
    expect(describeFailure(http(404), subject)).toBe(httpFailure(404, subject, HINT[404]))
    // A 3xx without a Location is the answer, and has no advice of its own.
    expect(describeFailure(http(302), subject)).toBe(httpFailure(302, subject))
  })

  it('calls a 404 for a workflow read earlier a likely deletion, not a wrong workflow-id', () => {
    const notFound = http(404, { serverMessage: 'Workflow w not found', verb: 'resume' })
    expect(describeFailure(notFound, subject, true)).toBe(
      httpFailure(404, subject, apiSaid('Workflow w not found'), HINT.deleted)
    )
    expect(describeFailure(notFound, subject)).toBe(
      httpFailure(404, subject, apiSaid('Workflow w not found'), HINT[404])
    )
  })

  it('names the workflow through the subject, once', () => {
    const text = describeFailure(http(404), 'the workflow')
    expect(text).toBe(httpFailure(404, 'the workflow', HINT[404]))
    expect(text).not.toContain('wfl_42')
  })

  it('describes an HTML page in its own words, never as a quote from the API', () => {
    const page = http(502, { body: { shape: 'page', contentType: 'text/html' } })
    expect(describeFailure(page, 'workflow wfl_paused')).toBe(
      httpFailure(502, 'workflow wfl_paused', answerWas(BODY.pageForHttp('text/html')), HINT.server)
    )
    const huge = http(503, { body: { shape: 'oversized' } })
    expect(describeFailure(huge, subject)).toBe(
      httpFailure(503, subject, answerWas(BODY.oversizedForHttp), HINT.server)
    )
  })

  it('quotes the server through the gate: one bounded line', () => {
    const text = describeFailure(
      http(400, { serverMessage: `a\n::error::${'b'.repeat(500)}` }),
      subject
    )
    expect(text).toBe(
      httpFailure(400, subject, apiSaid(`a ::error::${'b'.repeat(189)}…`), HINT[400])
    )
  })
})

describe('describeFailure of an answer without a record', () => {
  const invalid = (statusCode: number, body?: ApiFailure['body']): ApiFailure => ({
    kind: 'invalid-response',
    workflowId: 'wfl_paused',
    statusCode,
    body
  })
  const s = 'workflow wfl_paused'

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
    ['nothing known', invalid(200), undefined]
  ])('says what came instead: %s', (_what, failure, what) => {
    expect(describeFailure(failure, s)).toBe(invalidResponse(failure.statusCode!, s, what))
  })
})

describe('describeFailure of a timeout', () => {
  it("blames 'request-timeout' only for a timeout that was its own, not a deadline's", () => {
    expect(describeFailure({ kind: 'timeout', workflowId: 'w1' }, 'workflow w1')).toBe(
      TIMEOUT.own('workflow w1')
    )
    expect(
      describeFailure({ kind: 'timeout', workflowId: 'w1', cutByDeadline: true }, 'workflow w1')
    ).toBe(TIMEOUT.cutByDeadline('workflow w1'))
  })
})

describe('describeFailure of a refused redirect', () => {
  const refused = (redirect?: ApiFailure['redirect']): ApiFailure => ({
    kind: 'redirect',
    workflowId: 'wfl_paused',
    statusCode: 307,
    redirect
  })
  const s = 'workflow wfl_paused'

  it.each([
    [
      'another origin',
      refused({
        reason: 'other-origin',
        origin: 'http://127.0.0.1:9',
        apiOrigin: 'http://127.0.0.1:8'
      }),
      REDIRECT.otherOrigin('http://127.0.0.1:9', 'http://127.0.0.1:8')
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
  ])('says why: %s', (_what, failure, reason) => {
    expect(describeFailure(failure, s)).toBe(redirectRefused(s, reason))
  })
})

describe('describeFailure of a connection that failed', () => {
  const where = 'api.dialnexa.com:443'
  const network = (n: NetworkFailure): ApiFailure => ({
    kind: 'network',
    workflowId: 'wfl_1',
    network: n
  })
  const said = (n: NetworkFailure): string => describeFailure(network(n), 'workflow wfl_1')
  const proxy = { variable: 'HTTPS_PROXY', address: 'http://proxy.corp.example:3128' }
  const theProxy = 'the proxy http://proxy.corp.example:3128 (from HTTPS_PROXY)'

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
    expect(said({ cause, code, where })).toBe(
      unreachable('workflow wfl_1', NETWORK[sentence](where, code))
    )
  })

  it('names the address it was refused at', () => {
    expect(said({ cause: 'refused', code: 'ECONNREFUSED', where: '127.0.0.1:4010' })).toBe(
      unreachable('workflow wfl_1', NETWORK.refused('127.0.0.1:4010', 'ECONNREFUSED'))
    )
  })

  it('says a request that could not be built is a fault of the action', () => {
    expect(said({ cause: 'request-build', code: 'ERR_INVALID_CHAR', where })).toBe(
      unreachable('workflow wfl_1', NETWORK.requestBuild('ERR_INVALID_CHAR'))
    )
  })

  it.each(['ENOTFOUND', 'EAI_AGAIN'])('names the host that %s could not resolve', code => {
    expect(said({ cause: 'dns', code, where: 'api.dialnexa.con' })).toBe(
      unreachable('workflow wfl_1', NETWORK.dns('api.dialnexa.con', code))
    )
  })

  it('names a proxy variable that holds no URL, never its value', () => {
    const unreadable = { ...proxy, address: '', hasCredentials: false }
    expect(
      said({ cause: 'proxy-variable', code: 'invalid proxy URL', where, proxy: unreadable })
    ).toBe(unreachable('workflow wfl_1', NETWORK.proxyVariable('HTTPS_PROXY')))
  })

  it('says a 407 needs credentials, or that those given were rejected, never showing them', () => {
    const auth = (hasCredentials: boolean): NetworkFailure => ({
      cause: 'proxy-auth',
      code: 'proxy HTTP 407',
      where,
      proxy: { ...proxy, hasCredentials },
      proxyStatus: 407
    })
    expect(said(auth(false))).toBe(
      unreachable('workflow wfl_1', NETWORK.proxyAuthMissing(theProxy, 'HTTPS_PROXY'))
    )
    expect(said(auth(true))).toBe(
      unreachable('workflow wfl_1', NETWORK.proxyAuthRejected(theProxy, 'HTTPS_PROXY'))
    )
  })

  it('tells a proxy that refused from one that could not get through', () => {
    const answered = (cause: 'proxy-refused' | 'proxy-gateway', status: number) =>
      said({
        cause,
        code: `proxy HTTP ${status}`,
        where,
        proxy: { ...proxy, hasCredentials: false },
        proxyStatus: status
      })
    expect(answered('proxy-refused', 403)).toBe(
      unreachable('workflow wfl_1', NETWORK.proxyRefused(theProxy, where, 403))
    )
    expect(answered('proxy-gateway', 502)).toBe(
      unreachable('workflow wfl_1', NETWORK.proxyGateway(theProxy, where, 502))
    )
  })

  it.each([
    ['ECONNREFUSED', NETWORK.PROXY_WHY.refused],
    ['ENOTFOUND', NETWORK.PROXY_WHY.dns],
    ['ECONNRESET', NETWORK.PROXY_WHY.reset],
    ['ETIMEDOUT', NETWORK.PROXY_WHY.silent]
  ])('says why the proxy could not be reached (%s)', (code, why) => {
    const unreachableProxy = {
      cause: 'proxy-unreachable' as const,
      code,
      where,
      proxy: { variable: 'https_proxy', address: 'http://127.0.0.1:9', hasCredentials: false }
    }
    expect(said(unreachableProxy)).toBe(
      unreachable(
        'workflow wfl_1',
        NETWORK.proxyUnreachable(
          'the proxy http://127.0.0.1:9 (from https_proxy)',
          why,
          code,
          'https_proxy'
        )
      )
    )
  })

  it('still says something when the cause is not known', () => {
    expect(describeFailure({ kind: 'network', workflowId: 'w' }, 'workflow w')).toBe(
      unreachable('workflow w', NETWORK.none)
    )
  })
})

describe('describeFailure of a bug', () => {
  it('uses its own message, on one clipped line', () => {
    expect(describeFailure({ kind: 'unexpected', message: 'a\nb' }, 'workflow w')).toBe('a b')
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
