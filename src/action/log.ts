import * as core from '@actions/core'
import { clip, wrapUntrusted } from '../core/redact.js'

/** Where one workflow's progress lines go; lines may carry server text. */
export interface WorkflowLog {
  info(line: string): void
  notice(line: string): void
  warning(line: string): void
}

/** Logs a line that may carry server text without letting it become a workflow command. */
export function infoUntrusted(line: string): void {
  const safe = clip(line, 1000)
  if (safe.includes('::') || safe.includes('##[')) core.info(wrapUntrusted([safe]))
  else core.info(safe)
}

/**
 * One workflow: its lines as they are. Never in a collapsed group: the runner shows a group
 * closed until it ends, so a long wait's progress lines would be hidden and the step look hung.
 */
export const plainLog: WorkflowLog = {
  info: infoUntrusted,
  notice: line => core.notice(clip(line, 1000)),
  warning: line => core.warning(clip(line, 1000))
}

/** Workflows run side by side, so their lines carry the ID. */
export function prefixedLog(workflowId: string): WorkflowLog {
  const prefix = `[${workflowId}] `
  return {
    info: line => infoUntrusted(prefix + line),
    notice: line => core.notice(clip(prefix + line, 1000)),
    warning: line => core.warning(clip(prefix + line, 1000))
  }
}
