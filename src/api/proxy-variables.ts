import { getProxyUrl } from '@actions/http-client'

/**
 * The proxy the runner's environment sets for a request, read as @actions/http-client reads
 * it: which variable it comes from and its address, never its credentials.
 */

export interface ProxyInUse {
  /** The environment variable the proxy came from, as http-client reads them. */
  variable: string
  /** Scheme, host and port only: never the credentials. */
  address: string
  hasCredentials: boolean
}

/**
 * The proxy http-client will use for `url`, read the way it reads it; none for no_proxy hosts,
 * or for a variable it cannot read (see unreadableProxyVariable).
 */
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

/** The variable http-client takes the proxy for `url` from: the lower-case one first. */
function proxyVariable(url: URL): string {
  const names =
    url.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY']
  return names.find(name => process.env[name]) ?? names[1]!
}

/** http-client's proxy URL for `url`, or undefined, also when it cannot read the variable. */
function readProxyUrl(url: URL): string | undefined {
  try {
    return getProxyUrl(url.href) || undefined
  } catch {
    return undefined
  }
}

/** The proxy variable for `url` when http-client cannot read it as a URL, even with http:// added. */
export function unreadableProxyVariable(url: URL): string | undefined {
  try {
    getProxyUrl(url.href)
    return undefined
  } catch {
    return proxyVariable(url)
  }
}
