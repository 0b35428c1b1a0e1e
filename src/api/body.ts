import { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib'

/** A record is a few hundred bytes: a huge or endless answer would only spend the runner's memory. */
export const MAX_BODY_BYTES = 1024 * 1024

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return (Array.isArray(value) ? value[0] : value)?.trim()
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

// The body as a tolerant client reads it, or undefined (and the socket destroyed) past
// MAX_BODY_BYTES. Unpacking is bounded too, so a small bomb cannot fill memory.
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
  let body: Buffer = Buffer.concat(chunks)
  const encoding = headerValue(message.headers, 'content-encoding')?.toLowerCase() ?? ''
  try {
    if (Object.hasOwn(UNPACK, encoding))
      body = UNPACK[encoding]!(body, { maxOutputLength: MAX_BODY_BYTES })
  } catch (error) {
    if (error instanceof RangeError) return undefined
    // Not what it claims to be: read it as it came.
  }
  const charset = /charset="?([\w-]+)/i.exec(headerValue(message.headers, 'content-type') ?? '')
  try {
    return new TextDecoder(charset?.[1] ?? 'utf-8').decode(body)
  } catch {
    return body.toString('utf8')
  }
}
