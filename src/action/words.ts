import { StatusVerb } from '../core/status.js'

export const PAST: Record<StatusVerb['name'], string> = { resume: 'resumed', pause: 'paused' }

/** "workflow wfl_1" where nothing else names it; "the workflow" under a title or prefix. */
export const subjectFor = (workflowId: string, namedElsewhere: boolean): string =>
  namedElsewhere ? 'the workflow' : `workflow ${workflowId}`

export const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)

export const wholeSeconds = (ms: number): string => formatSeconds(Math.round(ms / 1000) * 1000)

export const plural = (n: number, one: string, many = `${one}s`): string => (n === 1 ? one : many)

export const formatSeconds = (ms: number): string => `${Number((ms / 1000).toFixed(2))} s`

/** A span a person reads at a glance: "42.5 s", "3 min 12 s", "1 h 5 min". */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return formatSeconds(ms)
  const minutes = Math.floor(ms / 60_000)
  if (minutes < 60) return `${minutes} min ${Math.floor((ms % 60_000) / 1000)} s`
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}
