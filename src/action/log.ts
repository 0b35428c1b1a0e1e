import * as core from '@actions/core'
import { clip, wrapUntrusted } from '../core/redact.js'

/**
 * Where text leaves the action: every line, annotation and failure is redacted here, once, as
 * it will be shown. `::` and `##[` are harmless only away from the runner's parser, so an info
 * line holding them is wrapped in a stop-commands block.
 */

const LINE = 1000
/** A failure is bounded by its parts: lists of workflow IDs in it are never cut. */
const WHOLE = Infinity

export function info(line: string): void {
  const safe = clip(line, LINE)
  core.info(safe.includes('::') || safe.includes('##[') ? wrapUntrusted([safe]) : safe)
}

export const notice = (line: string): void => core.notice(clip(line, LINE))
export const warning = (line: string): void => core.warning(clip(line, LINE))
export const debug = (line: string): void => core.debug(clip(line, 4000))
export const error = (text: string, title: string): void =>
  core.error(clip(text, LINE), { title: clip(title, 200) })
export const fail = (text: string): void => core.setFailed(clip(text, WHOLE))

/** Where one workflow's lines go. */
export interface WorkflowLog {
  info(line: string): void
  notice(line: string): void
  warning(line: string): void
}

/**
 * One workflow: its lines as they are; never in a collapsed group, which would hide a long
 * wait's progress lines. Several run side by side, so their lines carry the ID.
 */
export function workflowLog(prefix = ''): WorkflowLog {
  return {
    info: line => info(prefix + line),
    notice: line => notice(prefix + line),
    warning: line => warning(prefix + line)
  }
}
