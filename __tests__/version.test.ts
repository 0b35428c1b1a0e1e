import { readFileSync } from 'node:fs'
import { ACTION_VERSION, USER_AGENT } from '../src/core/version.js'
import { DEFAULTS } from '../src/action/defaults.js'

describe('version and action.yml', () => {
  it('matches package.json', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
    expect(ACTION_VERSION).toBe(pkg.version)
    expect(USER_AGENT).toMatch(new RegExp(`^dialnexa-resume-workflow-action/${pkg.version}$`))
  })

  it('declares the same defaults the code applies', () => {
    const actionYml = readFileSync('action.yml', 'utf8')
    for (const [name, { resume: value }] of Object.entries(DEFAULTS)) {
      const block = new RegExp(`\\n  ${name}:\\n(?:    .*\\n)*?    default: '?([^'\\n]*)'?\\n`)
      expect(block.exec(actionYml)?.[1]).toBe(value)
    }
  })
})
