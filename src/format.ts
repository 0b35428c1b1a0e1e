import { clip } from './untrusted.js'

/** How durations and errors read in log lines, step errors and the job summary. */

export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`
}

/** An error as one bounded line; messages may carry server text, so it goes through clip. */
export function errorText(error: unknown): string {
  return clip(error instanceof Error ? error.message : String(error), 800)
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
