import { describeConnectionFailure } from '../src/api/network.js'
import { proxyFor } from '../src/api/proxy-variables.js'

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

describe('describeConnectionFailure', () => {
  // Quotes kept from a .env file: http-client cannot read it as a URL, even with http:// added.
  it.each(['"builder:hunter2@proxy.corp.example:3128"', '::::'])(
    'names a proxy variable that holds no URL (%s), never its value, and does not retry',
    value => {
      process.env.HTTPS_PROXY = value
      // What http-client throws before anything is sent.
      const described = describeConnectionFailure(new TypeError('Invalid URL'), api)
      expect(described).toEqual({
        detail:
          "the proxy variable HTTPS_PROXY does not hold a URL the runner's HTTP client can read. Set it to the proxy's address, such as http://proxy.example.com:8080, or unset it.",
        label: 'HTTPS_PROXY is not a URL',
        retryable: false
      })
      expect(proxyFor(api)).toBeUndefined()
    }
  )

  it.each([
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'the TLS certificate of api.dialnexa.com:443 is not trusted: it is self-signed or issued by an unknown authority (DEPTH_ZERO_SELF_SIGNED_CERT).'
    ],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'is not trusted: it is self-signed or issued by an unknown'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'is not trusted'],
    [
      'CERT_HAS_EXPIRED',
      'the TLS certificate of api.dialnexa.com:443 has expired (CERT_HAS_EXPIRED).'
    ],
    ['CERT_NOT_YET_VALID', "is not valid yet (CERT_NOT_YET_VALID). Check the runner's clock."],
    [
      'ERR_TLS_CERT_ALTNAME_INVALID',
      "the TLS certificate of api.dialnexa.com:443 is for another host name (ERR_TLS_CERT_ALTNAME_INVALID). Check the host in 'api-url'."
    ],
    ['CERT_REVOKED', 'the TLS certificate of api.dialnexa.com:443 was rejected (CERT_REVOKED)'],
    [
      'ERR_SSL_WRONG_VERSION_NUMBER',
      'the secure (TLS) connection to api.dialnexa.com:443 could not be set up'
    ],
    ['ERR_INVALID_CHAR', 'the request could not be built (ERR_INVALID_CHAR)'],
    [
      'HPE_INVALID_CONSTANT',
      "api.dialnexa.com:443 answered with something that is not HTTP (HPE_INVALID_CONSTANT). Check that 'api-url' names the DialNexa API, with the right scheme (https) and port."
    ]
  ])('gives %s its own sentence and no retry', (code, sentence) => {
    const described = describeConnectionFailure(failure(code), api)
    expect(described.detail).toContain(sentence)
    expect(described.retryable).toBe(false)
    expect(described.label).toBe(code)
  })

  it.each([
    ['ECONNREFUSED', "api.dialnexa.com:443 refused the connection (ECONNREFUSED). Check 'api-url'"],
    ['ECONNRESET', 'the connection to api.dialnexa.com:443 was reset (ECONNRESET).'],
    ['ETIMEDOUT', 'api.dialnexa.com:443 could not be reached (ETIMEDOUT).'],
    ['EHOSTUNREACH', 'api.dialnexa.com:443 could not be reached (EHOSTUNREACH).'],
    ['EPIPE', 'the connection to api.dialnexa.com:443 failed (EPIPE).']
  ])('names the address for %s, which a retry may cure', (code, sentence) => {
    const described = describeConnectionFailure(failure(code), api)
    expect(described.detail).toContain(sentence)
    expect(described.retryable).toBe(true)
  })

  it.each([
    ['ENOTFOUND', 'could not be resolved (ENOTFOUND)'],
    ['EAI_AGAIN', 'could not be resolved just now (EAI_AGAIN)']
  ])('names the host that %s could not resolve', (code, sentence) => {
    const error = failure(code, `getaddrinfo ${code} api.dialnexa.con`, {
      hostname: 'api.dialnexa.con'
    })
    const described = describeConnectionFailure(error, new URL('https://api.dialnexa.con/v1'))
    expect(described.detail).toBe(
      `the host name api.dialnexa.con ${sentence}. Check the host in 'api-url' and the runner's DNS.`
    )
  })

  const tunnel = (detail: string) =>
    failure('ECONNRESET', `tunneling socket could not be established, ${detail}`)

  it.each(['https_proxy', 'HTTPS_PROXY'])(
    'says a 407 from the proxy in %s needs credentials, never retried',
    variable => {
      process.env[variable] = 'http://proxy.corp.example:3128'
      const described = describeConnectionFailure(tunnel('statusCode=407'), api)
      expect(described).toEqual({
        detail: `the proxy http://proxy.corp.example:3128 (from ${variable}) requires authentication (HTTP 407): give its user name and password in ${variable}, as http://user:password@host:port, from a secret. Retrying cannot help.`,
        label: 'proxy HTTP 407',
        retryable: false
      })
    }
  )

  it('says the proxy rejected the credentials it was given, without showing them', () => {
    process.env.HTTPS_PROXY = 'http://builder:hunter2-secret@proxy.corp.example:3128'
    const described = describeConnectionFailure(tunnel('statusCode=407'), api)
    expect(described.detail).toBe(
      'the proxy http://proxy.corp.example:3128 (from HTTPS_PROXY) requires authentication (HTTP 407): it rejected the user name and password in HTTPS_PROXY; check them. Retrying cannot help.'
    )
    expect(described.detail).not.toContain('hunter2')
    expect(described.detail).not.toContain('builder')
  })

  it('reports other proxy refusals, retrying only its 5xx', () => {
    process.env.HTTPS_PROXY = 'http://proxy.corp.example:3128'
    const forbidden = describeConnectionFailure(tunnel('statusCode=403'), api)
    expect(forbidden.detail).toContain(
      'the proxy http://proxy.corp.example:3128 (from HTTPS_PROXY) refused to connect to api.dialnexa.com:443 (HTTP 403).'
    )
    expect(forbidden.retryable).toBe(false)
  })

  it.each([502, 503, 504])(
    'does not call a %s from the proxy a refusal: it could not get through, and may retry',
    status => {
      process.env.HTTPS_PROXY = 'http://proxy.corp.example:3128'
      const described = describeConnectionFailure(tunnel(`statusCode=${status}`), api)
      expect(described.detail).toBe(
        `the proxy http://proxy.corp.example:3128 (from HTTPS_PROXY) could not get through to api.dialnexa.com:443 (HTTP ${status}): the API is down or out of the proxy's reach, or the proxy is overloaded. If it lasts, ask whoever runs the proxy.`
      )
      expect(described.retryable).toBe(true)
    }
  )

  it('says when the proxy itself cannot be reached', () => {
    process.env.https_proxy = 'http://127.0.0.1:9'
    const described = describeConnectionFailure(
      tunnel('cause=connect ECONNREFUSED 127.0.0.1:9'),
      api
    )
    expect(described.detail).toBe(
      'the proxy http://127.0.0.1:9 (from https_proxy) could not be reached: it refused the connection, so nothing is listening at that address (ECONNREFUSED). Check https_proxy and that the proxy is up.'
    )
    expect(described.retryable).toBe(true)
  })

  it('names the proxy, not the API, when a plain http connection to the proxy fails', () => {
    process.env.HTTP_PROXY = 'http://bot:s3cret@proxy.corp.example:3128'
    const refused = Object.assign(new Error('getaddrinfo ENOTFOUND proxy.corp.example'), {
      code: 'ENOTFOUND',
      hostname: 'proxy.corp.example'
    })
    const described = describeConnectionFailure(refused, new URL('http://api.dialnexa.com/v1'))
    expect(described.detail).toBe(
      'the proxy http://proxy.corp.example:3128 (from HTTP_PROXY) could not be reached: its host name could not be resolved (ENOTFOUND). Check HTTP_PROXY and that the proxy is up.'
    )
    expect(described.detail).not.toContain('s3cret')
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
