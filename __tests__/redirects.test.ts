import { decideRedirect, Hop, MAX_REDIRECTS } from '../src/api/redirects.js'

const API = 'https://api.dialnexa.com'
const hop = (method: Hop['method'], url = `${API}/v1/workflows/w/resume`): Hop => ({
  method,
  url: new URL(url)
})

describe('decideRedirect', () => {
  it.each([
    [301, 'POST', 'GET'],
    [302, 'POST', 'GET'],
    [303, 'POST', 'GET'],
    [307, 'POST', 'POST'],
    [308, 'POST', 'POST'],
    [301, 'GET', 'GET'],
    [302, 'GET', 'GET'],
    [303, 'GET', 'GET'],
    [307, 'GET', 'GET'],
    [308, 'GET', 'GET']
  ] as const)('%i after a %s is followed with a %s', (status, method, expected) => {
    const decision = decideRedirect(hop(method), status, '/v1/workflows/w', API, 0)
    expect(decision).toEqual({
      action: 'follow',
      next: { method: expected, url: new URL(`${API}/v1/workflows/w`) }
    })
  })

  it('treats the default port as the same origin, and drops a fragment', () => {
    const decision = decideRedirect(
      hop('GET'),
      307,
      'https://API.dialnexa.com:443/v1/x#frag',
      API,
      0
    )
    expect(decision).toEqual({
      action: 'follow',
      next: { method: 'GET', url: new URL(`${API}/v1/x`) }
    })
  })

  it.each([200, 204, 300, 304, 400, 500])('takes HTTP %i as the answer', status => {
    expect(decideRedirect(hop('GET'), status, '/elsewhere', API, 0)).toEqual({ action: 'answer' })
  })

  it.each([undefined, '', '  '])(
    'takes a redirect without a Location (%j) as the answer',
    location => {
      expect(decideRedirect(hop('GET'), 302, location, API, 0)).toEqual({ action: 'answer' })
    }
  )

  it.each([
    ['http://api.dialnexa.com/v1/x', 'downgrade', 'http://api.dialnexa.com'],
    ['https://api.dialnexa.com:8443/v1/x', 'other-origin', 'https://api.dialnexa.com:8443'],
    ['//eu.dialnexa.com/v1/x', 'other-origin', 'https://eu.dialnexa.com'],
    ['data:text/plain,hi', 'other-origin', 'a data: URL']
  ])('refuses %s as %s, naming where it points', (location, reason, origin) => {
    expect(decideRedirect(hop('POST'), 307, location, API, 0)).toEqual({
      action: 'refuse',
      refusal: { reason, origin, apiOrigin: API }
    })
  })

  it('refuses a Location that is not a URL', () => {
    expect(decideRedirect(hop('GET'), 308, 'http://[not-a-host/v1', API, 0)).toEqual({
      action: 'refuse',
      refusal: { reason: 'bad-location' }
    })
  })

  it(`follows up to ${MAX_REDIRECTS} and refuses the next`, () => {
    expect(decideRedirect(hop('GET'), 307, '/v1/x', API, MAX_REDIRECTS - 1).action).toBe('follow')
    expect(decideRedirect(hop('GET'), 307, '/v1/x', API, MAX_REDIRECTS)).toEqual({
      action: 'refuse',
      refusal: { reason: 'too-many' }
    })
  })
})
