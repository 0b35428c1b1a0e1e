import { describeSettings, readSettings, SETTING_INPUTS } from '../src/action/settings.js'

const key = 'dnx_live_abcdefghijklmnop'

describe('describeSettings', () => {
  const settings = readSettings(
    name =>
      ({
        'workflow-id': 'wfl_a, wfl_b',
        'api-key': key,
        'wait-for-paused': 'true',
        'poll-interval': '2.5',
        'max-parallel': '2'
      })[name] ?? ''
  )

  it('names every input as the user wrote it, with units, in one line', () => {
    expect(describeSettings(settings, SETTING_INPUTS)).toBe(
      'Settings: workflow-id=wfl_a,wfl_b api-url=https://api.dialnexa.com/v1 ' +
        'wait-for-paused=true poll-interval=2500ms wait-timeout=600000ms ignore-conflict=false ' +
        'max-retries=3 request-timeout=30000ms max-parallel=2'
    )
  })

  it('never includes the key, under any name', () => {
    const line = describeSettings(settings, SETTING_INPUTS)
    expect(line).not.toContain(key)
    expect(line).not.toContain('api-key')
  })

  it('describes any settings object from its own table, such as another verb’s', () => {
    const pauseLike = { workflowIds: ['w'], apiKey: key, autoResume: true, requestTimeoutMs: 5 }
    expect(
      describeSettings(pauseLike, {
        workflowIds: 'workflow-id',
        apiKey: null,
        autoResume: 'auto-resume',
        requestTimeoutMs: 'request-timeout'
      })
    ).toBe('Settings: workflow-id=w auto-resume=true request-timeout=5ms')
  })
})
