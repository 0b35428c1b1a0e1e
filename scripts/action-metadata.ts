import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

/** The action.yml files, read for the docs generator and the metadata check. */

export interface ActionInput {
  description?: string
  required?: boolean
  default?: string
}

export interface ActionMetadata {
  name?: string
  description?: string
  author?: string
  branding?: { icon?: string; color?: string }
  inputs?: Record<string, ActionInput>
  outputs?: Record<string, { description?: string }>
  runs?: { using?: string; main?: string; post?: string; 'post-if'?: string }
}

/** Each action in this repository, and the README blocks its tables go in. */
export const ACTIONS = [
  { path: 'action.yml', blockPrefix: '' },
  { path: 'pause/action.yml', blockPrefix: 'pause-' }
] as const

export function readActionMetadata(path = 'action.yml'): ActionMetadata {
  return parse(readFileSync(path, 'utf8')) as ActionMetadata
}
