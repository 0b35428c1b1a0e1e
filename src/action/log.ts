import * as core from '@actions/core'
import { clip, wrapUntrusted } from '../core/redact.js'

// Every line, annotation and failure is redacted here, once, as it will be shown. `::` and `##[`
// are harmless only away from the runner's parser, so an info line holding them is fenced off.

const LINE = 1000

export function info(line: string): void {
  const safe = clip(line, LINE)
  core.info(safe.includes('::') || safe.includes('##[') ? wrapUntrusted([safe]) : safe)
}

export const notice = (line: string): void => core.notice(clip(line, LINE))
export const warning = (line: string): void => core.warning(clip(line, LINE))
export const debug = (line: string): void => core.debug(clip(line, 4000))
export const error = (text: string, title: string): void =>
  core.error(clip(text, LINE), { title: clip(title, 200) })
/** A failure is bounded by its parts: lists of workflow IDs in it are never cut. */
export const fail = (text: string): void => core.setFailed(clip(text, Infinity))
