import { jest } from '@jest/globals'
import * as core from './fixtures/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { plainLog, infoUntrusted, prefixedLog } = await import('../src/action/log.js')

beforeEach(() => jest.clearAllMocks())

describe('infoUntrusted', () => {
  it('prints harmless text as it is', () => {
    infoUntrusted('Workflow status: paused')
    expect(core.info).toHaveBeenCalledWith('Workflow status: paused')
  })

  it.each(['status ::set-output name=x::y', 'x ##[add-path]/tmp', '::error::boom'])(
    'fences %j in a stop-commands block',
    line => {
      infoUntrusted(line)
      const printed = core.info.mock.calls[0]![0]
      const [open, body, close] = printed.split('\n')
      const token = /^::stop-commands::([0-9a-f]{32})$/.exec(open!)?.[1]
      expect(token).toBeDefined()
      expect(body).toBe(line)
      expect(close).toBe(`::${token}::`)
    }
  )

  it('cannot be split onto a new line by the text', () => {
    infoUntrusted('ok\n::set-output name=resumed::true')
    const printed = core.info.mock.calls[0]![0]
    expect(printed.split('\n').filter(l => l.startsWith('::set-output'))).toEqual([])
  })
})

describe('workflow logs', () => {
  it("prints one workflow's lines as they are, never in a collapsed group", async () => {
    plainLog.info('Still waiting: status active')
    expect(core.group).not.toHaveBeenCalled()
    expect(core.info.mock.calls).toEqual([['Still waiting: status active']])
  })

  it('prefixes every line with the ID when workflows run side by side, without groups', async () => {
    const log = prefixedLog('wfl_2')
    log.info('Workflow status: paused')
    log.warning('not paused')
    expect(core.group).not.toHaveBeenCalled()
    expect(core.info.mock.calls).toEqual([['[wfl_2] Workflow status: paused']])
    expect(core.warning).toHaveBeenCalledWith('[wfl_2] not paused')
  })

  it('fences server text in prefixed lines too', () => {
    prefixedLog('w').info('status ::set-output name=x::y')
    expect(core.info.mock.calls[0]![0]).toMatch(
      /^::stop-commands::[0-9a-f]{32}\n\[w\] status ::set-output/
    )
  })
})
