import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

/** action.yml, read once for the docs generator and the metadata check. */

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
  runs?: { using?: string; main?: string }
}

export function readActionMetadata(path = 'action.yml'): ActionMetadata {
  return parse(readFileSync(path, 'utf8')) as ActionMetadata
}
