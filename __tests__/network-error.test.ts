import { describeConnectionFailure, proxyFor } from '../src/api/network.js'

/** The errors Node, undici's parser and `tunnel` raise, with the fields they really carry. */
function failure(code: string, message = `${code} failure`, fields: object = {}): Error {
  return Object.assign(new Error(message), { code, ...fields })
}

const api = new URL('https://api.dialnexa.com/v1/workflows/wfl_1')
const PROXY_VARIABLES = [
  'https_proxy',
  'HTTPS_PROXY',
  'http_proxy',
  'HTTP_PROXY',
  'no_proxy',
  'NO_PROXY'
]
const saved = Object.fromEntries(PROXY_VARIABLES.map(name => [name, process.env[name]]))
afterEach(() => {
  for (const name of PROXY_VARIABLES) {
    if (saved[name] === undefined) delete process.env[name]
    else process.env[name] = saved[name]
  }
})
beforeEach(() => {
  for (const name of PROXY_VARIABLES) delete process.env[name]
})

/** What each failure is, as data: the words are failure-text's (see failure-text.test.ts). */
describe('describeConnectionFailure', () => {
  const where = 'api.dialnexa.com:443'

  // Quotes kept from a .env file: http-client cannot read it as a URL, even with http:// added.
  it.each(['"builder:hunter2@proxy.corp.example:3128"', '::::'])(
    'names a proxy variable that holds no URL (%s), never its value, and does not retry',
    value => {
      process.env.HTTPS_PROXY = value
      // What http-client throws before anything is sent.
      const described = describeConnectionFailure(new TypeError('Invalid URL'), api)
      expect(described).toEqual({
        cause: 'proxy-variable',
        // The debug line shows the code: it names the variable to fix.
        code: 'HTTPS_PROXY is not a URL',
        where,
        proxy: { variable: 'HTTPS_PROXY', address: '', hasCredentials: false },
        retryable: false
      })
      expect(JSON.stringify(described)).not.toMatch(/hunter2|builder/)
      expect(proxyFor(api)).toBeUndefined()
    }
  )

  it.each([
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'cert-untrusted'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'cert-untrusted'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'cert-untrusted'],
    ['CERT_HAS_EXPIRED', 'cert-expired'],
    ['CERT_NOT_YET_VALID', 'cert-not-yet-valid'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'cert-host'],
    ['CERT_REVOKED', 'cert-rejected'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls'],
    ['ERR_INVALID_CHAR', 'request-build']
  ])('takes %s as %s, which no retry can cure', (code, cause) => {
    expect(describeConnectionFailure(failure(code), api)).toEqual({
      cause,
      code,
      where,
      retryable: false
    })
  })

  it('takes an answer that is not HTTP as sent: the server may have acted on it', () => {
    expect(describeConnectionFailure(failure('HPE_INVALID_CONSTANT'), api)).toEqual({
      cause: 'not-http',
      code: 'HPE_INVALID_CONSTANT',
      where,
      retryable: false,
      afterSending: true
    })
  })

  it.each([
    ['ECONNREFUSED', 'refused'],
    ['ECONNRESET', 'reset'],
    ['ETIMEDOUT', 'unreachable'],
    ['EHOSTUNREACH', 'unreachable'],
    ['EPIPE', 'other']
  ])('names the address for %s, which a retry may cure', (code, cause) => {
    expect(describeConnectionFailure(failure(code), api)).toEqual({
      cause,
      code,
      where,
      retryable: true
    })
  })

  it('keeps the start of the message of a failure without a code', () => {
    expect(describeConnectionFailure(new Error('socket hang up'), api)).toEqual({
      cause: 'other',
      code: 'socket hang up',
      where,
      retryable: true
    })
  })

  it.each(['ENOTFOUND', 'EAI_AGAIN'])('names the host that %s could not resolve', code => {
    const error = failure(code, `getaddrinfo ${code} api.dialnexa.con`, {
      hostname: 'api.dialnexa.con'
    })
    expect(describeConnectionFailure(error, new URL('https://api.dialnexa.con/v1'))).toEqual({
      cause: 'dns',
      code,
      where: 'api.dialnexa.con',
      retryable: true
    })
  })

  const tunnel = (detail: string) =>
    failure('ECONNRESET', `tunneling socket could not be established, ${detail}`)
  const corpProxy = (variable: string, hasCredentials = false) => ({
    variable,
    address: 'http://proxy.corp.example:3128',
    hasCredentials
  })

  it.each(['https_proxy', 'HTTPS_PROXY'])(
    'says a 407 from the proxy in %s needs credentials, never retried',
    variable => {
      process.env[variable] = 'http://proxy.corp.example:3128'
      expect(describeConnectionFailure(tunnel('statusCode=407'), api)).toEqual({
        cause: 'proxy-auth',
        code: 'proxy HTTP 407',
        where,
        proxy: corpProxy(variable),
        proxyStatus: 407,
        retryable: false
      })
    }
  )

  it('knows the proxy was given credentials, without keeping them', () => {
    process.env.HTTPS_PROXY = 'http://builder:hunter2-secret@proxy.corp.example:3128'
    const described = describeConnectionFailure(tunnel('statusCode=407'), api)
    expect(described).toMatchObject({
      cause: 'proxy-auth',
      proxy: corpProxy('HTTPS_PROXY', true),
      retryable: false
    })
    expect(JSON.stringify(described)).not.toMatch(/hunter2|builder/)
  })

  it('reports other proxy refusals, not retried', () => {
    process.env.HTTPS_PROXY = 'http://proxy.corp.example:3128'
    expect(describeConnectionFailure(tunnel('statusCode=403'), api)).toEqual({
      cause: 'proxy-refused',
      code: 'proxy HTTP 403',
      where,
      proxy: corpProxy('HTTPS_PROXY'),
      proxyStatus: 403,
      retryable: false
    })
  })

  it.each([502, 503, 504])(
    'does not call a %s from the proxy a refusal: it could not get through, and may retry',
    status => {
      process.env.HTTPS_PROXY = 'http://proxy.corp.example:3128'
      expect(describeConnectionFailure(tunnel(`statusCode=${status}`), api)).toEqual({
        cause: 'proxy-gateway',
        code: `proxy HTTP ${status}`,
        where,
        proxy: corpProxy('HTTPS_PROXY'),
        proxyStatus: status,
        retryable: true
      })
    }
  )

  it('says when the proxy itself cannot be reached', () => {
    process.env.https_proxy = 'http://127.0.0.1:9'
    const described = describeConnectionFailure(
      tunnel('cause=connect ECONNREFUSED 127.0.0.1:9'),
      api
    )
    expect(described).toEqual({
      cause: 'proxy-unreachable',
      code: 'ECONNREFUSED',
      where,
      proxy: { variable: 'https_proxy', address: 'http://127.0.0.1:9', hasCredentials: false },
      retryable: true
    })
  })

  it('names the proxy, not the API, when a plain http connection to the proxy fails', () => {
    process.env.HTTP_PROXY = 'http://bot:s3cret@proxy.corp.example:3128'
    const refused = Object.assign(new Error('getaddrinfo ENOTFOUND proxy.corp.example'), {
      code: 'ENOTFOUND',
      hostname: 'proxy.corp.example'
    })
    const described = describeConnectionFailure(refused, new URL('http://api.dialnexa.com/v1'))
    expect(described).toEqual({
      cause: 'proxy-unreachable',
      code: 'ENOTFOUND',
      where: 'api.dialnexa.com:80',
      proxy: { ...corpProxy('HTTP_PROXY', true) },
      retryable: true
    })
    expect(JSON.stringify(described)).not.toContain('s3cret')
  })

  it('blames the API, not the proxy, when the failed connection was not to the proxy', () => {
    process.env.HTTP_PROXY = 'http://proxy.corp.example:3128'
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:80'), {
      code: 'ECONNREFUSED',
      address: '10.0.0.1',
      port: 80
    })
    expect(describeConnectionFailure(refused, new URL('http://api.dialnexa.com/v1'))).toMatchObject(
      { cause: 'refused', where: 'api.dialnexa.com:80' }
    )
  })
})

describe('proxyFor', () => {
  it('reads the variable http-client reads, lower case first', () => {
    process.env.HTTPS_PROXY = 'http://upper:3128'
    process.env.https_proxy = 'http://lower:3128'
    expect(proxyFor(api)).toEqual({
      variable: 'https_proxy',
      address: 'http://lower:3128',
      hasCredentials: false
    })
  })

  it('knows no proxy for loopback and no_proxy hosts', () => {
    process.env.HTTPS_PROXY = 'http://proxy:3128'
    process.env.NO_PROXY = '.dialnexa.com'
    expect(proxyFor(api)).toBeUndefined()
    expect(proxyFor(new URL('http://127.0.0.1:4010/v1'))).toBeUndefined()
  })
})
