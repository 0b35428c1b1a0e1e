import { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib'

/** Reading an answer's body and headers as a tolerant client does, within bounds. */

/** A record is a few hundred bytes: a huge or endless answer would only spend the runner's memory. */
export const MAX_BODY_BYTES = 1024 * 1024

/** The first value of a header, trimmed. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return (Array.isArray(value) ? value[0] : value)?.trim()
}

/** The body as text, or undefined (and the socket destroyed) once it passes MAX_BODY_BYTES. */
export async function readBounded(message: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of message as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) {
      message.destroy()
      return undefined
    }
    chunks.push(chunk)
  }
  return decode(Buffer.concat(chunks), message.headers)
}

const UNPACK: Record<string, (b: Buffer, o: { maxOutputLength: number }) => Buffer> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  // "deflate" is zlib-wrapped by the standard, but some servers send it raw.
  deflate: (raw, options) => {
    try {
      return inflateSync(raw, options)
    } catch (error) {
      if (error instanceof RangeError) throw error
      return inflateRawSync(raw, options)
    }
  },
  br: brotliDecompressSync
}

/** As a tolerant client reads it; unpacking is bounded too, so a small bomb cannot fill memory. */
function decode(raw: Buffer, headers: IncomingHttpHeaders): string | undefined {
  const encoding = headerValue(headers, 'content-encoding')?.toLowerCase() ?? ''
  let body = raw
  try {
    const unpack = Object.hasOwn(UNPACK, encoding) ? UNPACK[encoding] : undefined
    if (unpack) body = unpack(raw, { maxOutputLength: MAX_BODY_BYTES })
  } catch (error) {
    if (error instanceof RangeError) return undefined
    // Not what it claims to be: read it as it came.
  }
  const charset = /charset="?([\w-]+)/i.exec(headerValue(headers, 'content-type') ?? '')?.[1]
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body)
  } catch {
    return body.toString('utf8')
  }
}

/** How far the server's clock is behind ours, by its Date header: its times are read on it. */
export function serverClockLag(headers: IncomingHttpHeaders, now: number): number {
  const serverNow = Date.parse(headerValue(headers, 'date') ?? '')
  return Number.isNaN(serverNow) ? 0 : now - serverNow
}
