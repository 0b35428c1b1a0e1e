import * as core from '@actions/core'
import { clip, wrapUntrusted } from './api/untrusted.js'

/** Where one workflow's progress lines go; lines may carry server text. */
export interface WorkflowLog {
  info(line: string): void
  notice(line: string): void
  warning(line: string): void
  group<T>(title: string, body: () => Promise<T>): Promise<T>
}

/** Logs a line that may carry server text without letting it become a workflow command. */
export function infoUntrusted(line: string): void {
  const safe = clip(line, 1000)
  if (safe.includes('::') || safe.includes('##[')) core.info(wrapUntrusted([safe]))
  else core.info(safe)
}

/** One workflow at a time: its lines sit in a collapsible group. */
export const groupedLog: WorkflowLog = {
  info: infoUntrusted,
  notice: line => core.notice(clip(line, 1000)),
  warning: line => core.warning(clip(line, 1000)),
  group: (title, body) => core.group(title, body)
}

/** Workflows run side by side, so their lines carry the ID instead of sharing one group. */
export function prefixedLog(workflowId: string): WorkflowLog {
  const prefix = `[${workflowId}] `
  return {
    info: line => infoUntrusted(prefix + line),
    notice: line => core.notice(clip(prefix + line, 1000)),
    warning: line => core.warning(clip(prefix + line, 1000)),
    group: (title, body) => {
      core.info(prefix + title)
      return body()
    }
  }
}
