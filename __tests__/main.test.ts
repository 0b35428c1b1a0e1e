import { jest } from '@jest/globals'
import * as core from './fixtures/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../src/main.js')
const { DialNexaSimulator, SIMULATOR_API_KEY } = await import('../simulator/simulator.js')

let sim: InstanceType<typeof DialNexaSimulator>
let url: string

beforeEach(async () => {
  jest.clearAllMocks()
  sim = new DialNexaSimulator({ workflows: [{ id: 'wfl_1', name: 'One', status: 'paused' }] })
  url = await sim.start()
})
afterEach(() => sim.stop())

function inputs(values: Record<string, string>): void {
  core.getInput.mockImplementation(name => values[name] ?? '')
}

/** Which core function was called, in order, across the mocks that print or decide. */
function callOrder(): string[] {
  const named = {
    setSecret: core.setSecret,
    info: core.info,
    debug: core.debug,
    warning: core.warning,
    setFailed: core.setFailed,
    setOutput: core.setOutput
  }
  return Object.entries(named)
    .flatMap(([name, fn]) => fn.mock.invocationCallOrder.map(order => [order, name] as const))
    .sort((a, b) => a[0] - b[0])
    .map(([, name]) => name)
}

describe('run', () => {
  it('masks the key (as typed, trimmed, encoded) before anything is logged', async () => {
    inputs({ 'workflow-id': 'wfl_1', 'api-key': ` ${SIMULATOR_API_KEY} `, 'api-url': url })
    await run()
    const masked = core.setSecret.mock.calls.map(([form]) => form)
    expect(masked).toEqual(
      expect.arrayContaining([
        ` ${SIMULATOR_API_KEY} `,
        SIMULATOR_API_KEY,
        Buffer.from(SIMULATOR_API_KEY).toString('base64'),
        Buffer.from(`Bearer ${SIMULATOR_API_KEY}`).toString('base64')
      ])
    )
    const order = callOrder()
    expect(order.slice(0, masked.length)).toEqual(masked.map(() => 'setSecret'))
    expect(order.slice(masked.length)).not.toContain('setSecret')
    expect(order).toContain('info')
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(sim.workflow('wfl_1')?.status).toBe('active')
  })

  it('keeps its SIGINT and SIGTERM handlers until the outputs are written', async () => {
    inputs({ 'workflow-id': 'wfl_1', 'api-key': SIMULATOR_API_KEY, 'api-url': url })
    const before = ['SIGINT', 'SIGTERM'].map(name => process.listenerCount(name))
    const whileWriting: number[][] = []
    core.setOutput.mockImplementation(() => {
      whileWriting.push(['SIGINT', 'SIGTERM'].map(name => process.listenerCount(name)))
    })
    await run()
    // Without ours, a signal mid-write would meet Node's default handler and end the process.
    // Each of the seven outputs (would-resume and opens-at among them).
    expect(whileWriting).toHaveLength(7)
    for (const counts of whileWriting) expect(counts).toEqual(before.map(n => n + 1))
    expect(['SIGINT', 'SIGTERM'].map(name => process.listenerCount(name))).toEqual(before)
    core.setOutput.mockReset()
  })

  it('fails on a bad input without a request, naming the input', async () => {
    inputs({ 'workflow-id': 'wfl/../1', 'api-key': SIMULATOR_API_KEY, 'api-url': url })
    await run()
    expect(core.setFailed).toHaveBeenCalledWith(
      expect.stringMatching(/^Input 'workflow-id' must be/)
    )
    expect(sim.requests).toEqual([])
    expect(core.setOutput).not.toHaveBeenCalled()
  })

  it('reports a bug as an unexpected failure rather than crashing', async () => {
    core.getInput.mockImplementation(() => {
      throw new Error('runner exploded')
    })
    await run()
    expect(core.setFailed).toHaveBeenCalledWith(
      'Unexpected failure in the DialNexa resume action: runner exploded'
    )
  })
})
