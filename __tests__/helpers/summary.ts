/**
 * Reads the job summary's HTML as a person reads it: the one table, one object per row keyed by
 * its column's header, and the footer's counts. Cells are decoded from the summary's escaping;
 * a test that checks the escaping itself reads the HTML.
 */

export type SummaryRow = Record<string, string>

export interface SummaryFooter {
  /** "2 resumed, 1 failed": how the workflows ended, by result. */
  tally: string
  /** The enrolled leads added up over the workflows changed, when any was. */
  leads?: { count: number; over: string }
  /** The step's time, in seconds, as printed (hundredths). */
  seconds: number
  requests: number
  waits: number
}

export function decodeHtml(html: string): string {
  return html
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
}

const cellsOf = (row: string, tag: 'th' | 'td'): string[] =>
  [...row.matchAll(new RegExp(`<${tag}>(.*?)</${tag}>`, 'gs'))].map(([, cell]) => cell!)

/** The summary's table, one object per row; none when it has no table. */
export function summaryRows(html: string): SummaryRow[] {
  const tables = [...html.matchAll(/<table>(.*?)<\/table>/gs)]
  if (tables.length === 0) return []
  if (tables.length > 1) throw new Error(`The summary has ${tables.length} tables, not one.`)
  const [head, ...rows] = [...tables[0]![1]!.matchAll(/<tr>(.*?)<\/tr>/gs)].map(([, row]) => row!)
  const headers = cellsOf(head ?? '', 'th').map(decodeHtml)
  if (headers.length === 0) throw new Error(`The summary's table has no header row: ${html}`)
  return rows.map(row => {
    const cells = cellsOf(row, 'td')
    // A row with a missing, extra or unclosed cell would read under the wrong header.
    const malformed =
      cells.length !== headers.length ||
      row.replace(/<td>.*?<\/td>/gs, '') !== '' ||
      cells.some(cell => /<\/?t[dhr]\b/.test(cell))
    if (malformed)
      throw new Error(`A summary row does not match its ${headers.length} headers: ${row}`)
    return Object.fromEntries(headers.map((header, i) => [header, decodeHtml(cells[i]!)]))
  })
}

/** The row of one workflow, found by its ID at the start of the Workflow cell. */
export function summaryRow(html: string, workflowId: string): SummaryRow {
  const rows = summaryRows(html).filter(
    row => row.Workflow === workflowId || row.Workflow?.startsWith(`${workflowId} (`)
  )
  if (rows.length !== 1)
    throw new Error(`The summary has ${rows.length} rows for ${workflowId}: ${html}`)
  return rows[0]!
}

/** The paragraphs below the table, decoded, in order. */
export function summaryParagraphs(html: string): string[] {
  return [...html.matchAll(/<p>(.*?)<\/p>/gs)].map(([, text]) => decodeHtml(text!))
}

/**
 * The footer below the table: "1 resumed · 420 enrolled leads in the workflows resumed ·
 * 0.2 s, 2 requests, 0 retry waits". Throws when it is missing or reads otherwise.
 */
export function summaryFooter(html: string): SummaryFooter {
  const text = /<\/table>\s*<p>(.*?)<\/p>/s.exec(html)?.[1]
  if (text === undefined) throw new Error(`The summary has no footer below a table: ${html}`)
  const parts = decodeHtml(text).split(' · ')
  const time = /^(\d+(?:\.\d+)?) s, (\d+) requests?, (\d+) retry waits?$/.exec(parts.at(-1) ?? '')
  const leads =
    parts.length === 3 ? /^(\d+) enrolled leads in the (workflows \w+)$/.exec(parts[1]!) : null
  if (!time || (parts.length === 3 && !leads) || parts.length < 2 || parts.length > 3)
    throw new Error(`The summary's footer does not read as expected: ${text}`)
  return {
    tally: parts[0]!,
    ...(leads && { leads: { count: Number(leads[1]), over: leads[2]! } }),
    seconds: Number(time[1]),
    requests: Number(time[2]),
    waits: Number(time[3])
  }
}
