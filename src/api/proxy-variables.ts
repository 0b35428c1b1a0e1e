import { getProxyUrl } from '@actions/http-client'

/** The proxy http-client uses for a request, read as it reads it; never its credentials. */
export interface ProxyInUse {
  variable: string
  /** Scheme, host and port only. */
  address: string
  hasCredentials: boolean
}

/** None for no_proxy hosts, or for a variable http-client cannot read. */
export function proxyFor(url: URL): ProxyInUse | undefined {
  const href = readProxyUrl(url)
  if (!href) return undefined
  const proxy = new URL(href)
  return {
    variable: proxyVariable(url),
    address: `${proxy.protocol}//${proxy.host}`,
    hasCredentials: proxy.username !== '' || proxy.password !== ''
  }
}

/** The proxy variable for `url` when http-client cannot read it as a URL, even with http:// added. */
export function unreadableProxyVariable(url: URL): string | undefined {
  return readProxyUrl(url) === undefined ? proxyVariable(url) : undefined
}

/** The variable http-client takes the proxy for `url` from: the lower-case one first. */
function proxyVariable(url: URL): string {
  const names =
    url.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY']
  return names.find(name => process.env[name]) ?? names[1]!
}

/** '' without a proxy; undefined when http-client cannot read the variable. */
function readProxyUrl(url: URL): string | undefined {
  try {
    return getProxyUrl(url.href)
  } catch {
    return undefined
  }
}
