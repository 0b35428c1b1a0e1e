import { jest } from '@jest/globals'
import * as core from './fixtures/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const log = await import('../src/action/log.js')
const { registerSecret } = await import('../src/core/redact.js')

beforeEach(() => jest.clearAllMocks())

describe('info', () => {
  it('prints harmless text as it is', () => {
    log.info('Workflow status: paused')
    expect(core.info).toHaveBeenCalledWith('Workflow status: paused')
  })

  it.each(['status ::set-output name=x::y', 'x ##[add-path]/tmp', '::error::boom'])(
    'fences %j in a stop-commands block',
    line => {
      log.info(line)
      const printed = core.info.mock.calls[0]![0]
      const [open, body, close] = printed.split('\n')
      const token = /^::stop-commands::([0-9a-f]{32})$/.exec(open!)?.[1]
      expect(token).toBeDefined()
      expect(body).toBe(line)
      expect(close).toBe(`::${token}::`)
    }
  )

  it('cannot be split onto a new line by the text', () => {
    log.info('ok\n::set-output name=resumed::true')
    const printed = core.info.mock.calls[0]![0]
    expect(printed.split('\n').filter(l => l.startsWith('::set-output'))).toEqual([])
  })
})

describe('where text leaves', () => {
  const key = 'dnx_test_log_redaction_key_42'
  beforeAll(() => registerSecret(key))

  it('redacts the key from every kind of line, once, as it is shown', () => {
    const line = `the server said ${key}`
    log.info(line)
    log.notice(line)
    log.warning(line)
    log.debug(line)
    log.error(line, `title ${key}`)
    log.fail(line)
    const printed = [
      ...core.info.mock.calls,
      ...core.notice.mock.calls,
      ...core.warning.mock.calls,
      ...core.debug.mock.calls,
      ...core.error.mock.calls,
      ...core.setFailed.mock.calls
    ]
    expect(printed).toHaveLength(6)
    expect(JSON.stringify(printed)).not.toContain(key)
    expect(core.info).toHaveBeenCalledWith('the server said ***')
    expect(core.error).toHaveBeenCalledWith('the server said ***', { title: 'title ***' })
  })

  it('bounds a line, but never cuts a failure, whose lists of IDs must stay whole', () => {
    const long = 'x'.repeat(5000)
    log.info(long)
    log.fail(long)
    expect(core.info.mock.calls[0]![0]).toHaveLength(1001)
    expect(core.setFailed).toHaveBeenCalledWith(long)
  })
})

describe("a workflow's lines", () => {
  it('fences server text in a line that starts with a prefix too', () => {
    log.info('[w] status ::set-output name=x::y')
    expect(core.info.mock.calls[0]![0]).toMatch(
      /^::stop-commands::[0-9a-f]{32}\n\[w\] status ::set-output/
    )
  })
})
