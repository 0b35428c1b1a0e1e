import { formatSeconds } from '../core/format.js'
import { StatusVerb } from '../core/verb.js'

type VerbName = StatusVerb['name']

export const PAST: Record<VerbName, string> = { resume: 'resumed', pause: 'paused' }
export const ACCEPTED_WORD: Record<VerbName, string> = { resume: 'paused', pause: 'active' }
export const PRODUCED_WORD: Record<VerbName, string> = { resume: 'active', pause: 'paused' }

/** "workflow wfl_1" where nothing else names it; "the workflow" under a title or prefix. */
export const subjectFor = (workflowId: string, namedElsewhere: boolean): string =>
  namedElsewhere ? 'the workflow' : `workflow ${workflowId}`

export const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)

export const wholeSeconds = (ms: number): string => formatSeconds(Math.round(ms / 1000) * 1000)

export const plural = (n: number, one: string, many = `${one}s`): string => (n === 1 ? one : many)
