import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, Server } from 'node:http'
import { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateRawSync } from 'node:zlib'
import { DialNexaSimulator, SIMULATOR_API_KEY } from '../simulator/simulator.js'
import { PAUSE, simulatorInputs, startPausedAndActive } from './helpers/paused-and-active.js'
import { ActionRun, runAction, runWithPost } from '../simulator/runner.js'
import { errors, log, warnings } from './helpers/run-log.js'

/**
 * Review A: attacks on issues 16 and 17 through the bundle on Node 24. Each failed when it
 * was written; each names, in one line, what was wrong.
 */

let sim: DialNexaSimulator
let url: string

beforeEach(async () => {
  ;({ sim, url } = await startPausedAndActive())
})
afterEach(() => sim.stop())

const inputs = (more: Record<string, string>) => simulatorInputs(url, more)
const run = (more: Record<string, string>, options?: Parameters<typeof runAction>[1]) =>
  runAction(inputs(more), options)
const everything = (r: ActionRun): string =>
  [log(r), r.summary, ...Object.values(r.outputs), ...Object.values(r.state)].join('\n')

/**
 * The bundle on a fake wall clock: `Date.now()` reads `at` (then runs on in real time), so a
 * calling window can be made to close or open a few seconds into the run.
 */
let preload: string
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'review-a-'))
  preload = join(dir, 'fake-now.mjs')
  writeFileSync(
    preload,
    'const offset = Number(process.env.REVIEW_A_OFFSET_MS)\n' +
      'const real = Date.now.bind(Date)\n' +
      'Date.now = () => real() + offset\n'
  )
})
const at = (iso: string): Parameters<typeof runAction>[1] => ({
  nodeArgs: ['--import', preload],
  env: { REVIEW_A_OFFSET_MS: String(Date.parse(iso) - Date.now()) },
  timeoutMs: 25_000
})
const UTC_HOURS = { 'calling-hours': 'Mon-Fri 08:00-21:00', 'time-zone': 'UTC' }

describe('issue 16 §1: an answer that does not say what happened', () => {
  // A 303 is followed to the record, which still reads paused: the step says "was not resumed"
  // instead of "may still be resumed" (a 303 neither confirms nor refutes, like a 202).
  it('resume: a followed 303 whose record still reads paused is unclear, not "not resumed"', async () => {
    sim.injectFault({
      action: 'resume',
      fault: { type: 'redirect', status: 303, location: '/v1/workflows/wfl_p' }
    })
    const result = await run({ 'workflow-id': 'wfl_p', 'max-retries': '0' })
    expect(result.code).toBe(1)
    expect(errors(result)[0]).not.toContain('was not resumed')
    expect(errors(result)[0]).toContain('may still be resumed')
  })

  // The pause step's 303 (followed to a record still active) is not handed to the post step as
  // unconfirmed, so when the pause lands late, the post step resumes nothing: dialling stays off.
  it('pause: a followed 303 is handed to the post step, which resumes the late pause', async () => {
    sim.injectFault({
      action: 'pause',
      fault: { type: 'redirect', status: 303, location: '/v1/workflows/wfl_a' }
    })
    const { main, post } = await runWithPost(
      inputs({ 'workflow-id': 'wfl_a', 'auto-resume': 'true', 'max-retries': '0' }),
      PAUSE,
      { between: () => sim.setStatus('wfl_a', 'paused') }
    )
    expect(main.code).toBe(1)
    expect(JSON.parse(main.state.pause!).unconfirmed).toEqual(['wfl_a'])
    expect(post.code).toBe(0)
    expect(sim.workflow('wfl_a')?.status).toBe('active')
  })

  // The post step's resume answered by a followed 303 still reading paused says "was not
  // resumed", as if refused, instead of "may still be resumed".
  it('post: a followed 303 on the resume at job end is unclear, not "not resumed"', async () => {
    const { main, post } = await runWithPost(
      inputs({ 'workflow-id': 'wfl_a', 'auto-resume': 'true', 'max-retries': '0' }),
      PAUSE,
      {
        between: () =>
          sim.injectFault({
            action: 'resume',
            fault: { type: 'redirect', status: 303, location: '/v1/workflows/wfl_a' }
          })
      }
    )
    expect(main.code).toBe(0)
    expect(post.code).toBe(1)
    expect(errors(post)[0]).not.toContain('was not resumed')
    expect(errors(post)[0]).toContain('may still be resumed')
  })
})

describe('issue 16 §1: unanswered changes are unclear too', () => {
  // A pause whose request went unanswered (timeout) and reads back active is told "was not
  // paused" and not handed to the post step: when it lands late, dialling stays off, silently.
  it('pause: an unanswered pause is handed to the post step, which resumes it if it landed', async () => {
    sim.injectFault({ action: 'pause', fault: { type: 'hang' } })
    const { main, post } = await runWithPost(
      inputs({
        'workflow-id': 'wfl_a',
        'auto-resume': 'true',
        'max-retries': '0',
        'request-timeout': '1'
      }),
      PAUSE,
      { between: () => sim.setStatus('wfl_a', 'paused') }
    )
    expect(main.code).toBe(1)
    expect(errors(main)[0]).not.toContain('was not paused')
    expect(JSON.parse(main.state.pause!).unconfirmed).toEqual(['wfl_a'])
    expect(sim.workflow('wfl_a')?.status).toBe('active')
    expect(post.code).toBe(0)
  })

  // A gateway's 502 to the resume neither confirms nor refutes it; read back still paused, the
  // step says "was not resumed" rather than "may still be resumed".
  it('resume: a 502 read back still paused may still change, not "not resumed"', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'error', status: 502 } })
    const result = await run({ 'workflow-id': 'wfl_p', 'max-retries': '0' })
    expect(result.code).toBe(1)
    expect(errors(result)[0]).not.toContain('was not resumed')
    expect(errors(result)[0]).toContain('may still be resumed')
  })
})

describe("issue 16 §2: 'ignore-conflict' never turns a failure green", () => {
  // Every poll of the wait hung until wait-timeout cut it: the wait never read a status (the
  // workflow was in fact paused), yet ignore-conflict turns it into a green step.
  it('fails a wait whose every poll went unanswered, whatever ignore-conflict says', async () => {
    sim.setStatus('wfl_p', 'active')
    sim.injectFault({ action: 'get', fault: { type: 'delay', ms: 0 } })
    sim.injectFault({ action: 'get', fault: { type: 'hang' }, times: 100 })
    // Paused by the time of the first poll, which hangs like every poll after it.
    void sim.arrival('get', 'wfl_p', 2).then(() => sim.setStatus('wfl_p', 'paused'))
    const result = await run({
      'workflow-id': 'wfl_p',
      'wait-for-paused': 'true',
      'poll-interval': '1',
      'wait-timeout': '3',
      'ignore-conflict': 'true'
    })
    expect(sim.workflow('wfl_p')?.status).toBe('paused')
    expect(result.code).toBe(1)
  })

  // The first read's rate-limit headers hold every poll past wait-timeout: no poll is made, yet
  // ignore-conflict reports "did not become paused" and passes while the workflow was paused.
  it('fails a wait whose polls the rate limit held back, whatever ignore-conflict says', async () => {
    sim.setStatus('wfl_p', 'active')
    sim.injectFault({
      action: 'get',
      fault: {
        type: 'raw',
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ id: 'wfl_p', status: 'active' }),
        headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '60' }
      }
    })
    void sim.arrival('get', 'wfl_p').then(() => sim.setStatus('wfl_p', 'paused'))
    const result = await run({
      'workflow-id': 'wfl_p',
      'wait-for-paused': 'true',
      'poll-interval': '1',
      'wait-timeout': '3',
      'ignore-conflict': 'true'
    })
    expect(sim.requestsFor('get')).toHaveLength(1)
    expect(result.code).toBe(1)
  })
})

describe('issue 16 §3 and issue 17: no wait outlasts wait-timeout', () => {
  // With the calling-hours wait as the step's wait (no wait-for-paused), the first read's
  // Retry-After is slept whole: 8 s and more under a 3 s wait-timeout.
  it("outside-calling-hours: wait: the first read's retry does not outlast wait-timeout", async () => {
    sim.injectFault({ action: 'get', fault: { type: 'rate-limit', retryAfter: '8' } })
    const result = await run(
      {
        'workflow-id': 'wfl_p',
        ...UTC_HOURS,
        'outside-calling-hours': 'wait',
        'wait-timeout': '3'
      },
      at('2026-06-01T07:59:59Z')
    )
    // Stopped at the first read's 429: no retry past the budget, no resume.
    expect(result.code).toBe(1)
    expect(sim.requestsFor('get')).toHaveLength(1)
    expect(sim.requestsFor('resume')).toEqual([])
  }, 30_000)
})

describe('issue 16 §4: re-runs', () => {
  // Already paused when the pause POST is sent (409, read back paused): with already-paused:
  // adopt it is not adopted, paused=false, and the post step leaves dialling off.
  it('adopts a workflow found paused through a 409, and resumes it at job end', async () => {
    sim.setStatus('wfl_a', 'paused')
    // The first read still shows it active (paused a moment later, e.g. by attempt 1's late pause).
    sim.injectFault({
      action: 'get',
      fault: {
        type: 'raw',
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ id: 'wfl_a', status: 'active' })
      }
    })
    const { main, post } = await runWithPost(
      inputs({ 'workflow-id': 'wfl_a', 'auto-resume': 'true', 'already-paused': 'adopt' }),
      PAUSE,
      { env: { GITHUB_RUN_ATTEMPT: '2' } }
    )
    expect(main.outputs.paused).toBe('true')
    expect(warnings(main).join('\n')).not.toContain("Set 'already-paused: adopt'")
    expect(post.code).toBe(0)
    expect(sim.workflow('wfl_a')?.status).toBe('active')
  })
})

describe('issue 17 §1: dry-run', () => {
  // A dry run with already-paused: adopt reports paused=true and "resumed at job end", though
  // it changed nothing and its post step sends nothing.
  it('dry-run with adopt: paused is false, nothing is promised for the end of the job', async () => {
    sim.setStatus('wfl_a', 'paused')
    const { main, post } = await runWithPost(
      inputs({
        'workflow-id': 'wfl_a',
        'dry-run': 'true',
        'already-paused': 'adopt',
        'auto-resume': 'true'
      }),
      PAUSE
    )
    expect(sim.requests.filter(r => r.method === 'POST')).toEqual([])
    expect(post.code).toBe(0)
    expect(main.outputs.paused).toBe('false')
    expect(main.summary).not.toContain('resumed at job end')
  })

  // dry-run: True is a dry run (the input parser accepts it), but the post step only knows the
  // spelling "true": it warns that the pause step saved no state and to resume by hand.
  it("post: 'dry-run: True' is a dry run, not a lost state", async () => {
    const { main, post } = await runWithPost(
      inputs({ 'workflow-id': 'wfl_a', 'dry-run': 'True', 'auto-resume': 'true' }),
      PAUSE
    )
    expect(main.code).toBe(0)
    expect(sim.requests.filter(r => r.method === 'POST')).toEqual([])
    expect(warnings(post)).toEqual([])
  })
})

describe('issue 17 §2: calling hours are checked right before each resume request', () => {
  // The window is open at the first POST; its 429 retry goes out after 21:00 without a check.
  it('resume: a retry of the resume after the window closed is not sent', async () => {
    sim.injectFault({ action: 'resume', fault: { type: 'rate-limit', retryAfter: '4' } })
    const result = await run({ 'workflow-id': 'wfl_p', ...UTC_HOURS }, at('2026-06-01T20:59:57Z'))
    expect(sim.requestsFor('resume')).toHaveLength(1)
    expect(result.outputs.resumed).toBe('false')
    expect(sim.workflow('wfl_p')?.status).toBe('paused')
  }, 30_000)

  // The check passes, then the key's rate-limit hold delays the POST past 21:00: sent anyway.
  it('resume: a rate-limit hold that ends after the window closed sends no resume', async () => {
    sim.injectFault({
      action: 'get',
      fault: {
        type: 'raw',
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ id: 'wfl_p', status: 'paused' }),
        headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '4' }
      }
    })
    const result = await run({ 'workflow-id': 'wfl_p', ...UTC_HOURS }, at('2026-06-01T20:59:57Z'))
    expect(sim.requestsFor('resume')).toEqual([])
    expect(result.outputs.resumed).toBe('false')
  }, 30_000)

  // The post step alike: its resume's retry after 21:00 is sent without a check.
  it('post: a retry of the resume at job end after the window closed is not sent', async () => {
    const options = at('2026-06-01T20:59:56Z')
    const { post } = await runWithPost(
      inputs({ 'workflow-id': 'wfl_a', 'auto-resume': 'true', ...UTC_HOURS }),
      PAUSE,
      {
        ...options,
        between: () =>
          sim.injectFault({ action: 'resume', fault: { type: 'rate-limit', retryAfter: '4' } })
      }
    )
    expect(sim.requestsFor('resume')).toHaveLength(1)
    expect(sim.workflow('wfl_a')?.status).toBe('paused')
    expect(post.code).not.toBe(0)
  }, 30_000)

  // The README's deploy set-up (pause action, outside-calling-hours: skip): the post step skips
  // the resume, yet its summary's heading says "dialling resumed at the end of the job" and its
  // row "May have been resumed: check it", though nothing was sent.
  it('post: a resume skipped outside calling hours is not told as resumed in the summary', async () => {
    const day = (offset: number): string =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
    const { main, post } = await runWithPost(
      inputs({
        'workflow-id': 'wfl_a',
        'auto-resume': 'true',
        'calling-hours': 'Mon-Sun 00:00-24:00',
        'time-zone': 'UTC',
        'closed-dates': `${day(0)}, ${day(1)}`,
        'outside-calling-hours': 'skip'
      }),
      PAUSE
    )
    expect(main.code).toBe(0)
    expect(post.code).toBe(0)
    expect(sim.requestsFor('resume')).toEqual([])
    expect(post.summary).not.toContain('dialling resumed at the end of the job')
    expect(post.summary).not.toContain('May have been resumed')
  })

  // A resume delayed by calling hours (outside-calling-hours: wait) leaves opens-at empty,
  // though the issue says opens-at is set when a resume "was delayed" by them.
  it('opens-at names the opening a delayed resume waited for', async () => {
    const result = await run(
      {
        'workflow-id': 'wfl_p',
        ...UTC_HOURS,
        'outside-calling-hours': 'wait',
        'wait-timeout': '30'
      },
      at('2026-06-01T07:59:58Z')
    )
    expect(result.code).toBe(0)
    expect(result.outputs.resumed).toBe('true')
    expect(result.outputs['opens-at']).toBe('2026-06-01T08:00:00+00:00')
  }, 30_000)
})

describe('issue 16 §5: the key never goes where it does not belong', () => {
  const KEY = 'kid_test:s3cr3t-value-XYZ'
  const keyed = async (): Promise<{ sim: DialNexaSimulator; url: string }> => {
    const s = new DialNexaSimulator({
      apiKeys: [KEY],
      workflows: [
        { id: 'wfl_p', status: 'paused' },
        { id: 'wfl_a', status: 'active' }
      ]
    })
    return { sim: s, url: await s.start() }
  }

  // The issue's own example: message parts joined with "; " show the key split in two, in the
  // log, the results output and the summary; the redaction looks for the key whole.
  it("resume: the issue's 403 split across message parts shows no part of the key", async () => {
    const k = await keyed()
    try {
      k.sim.injectFault({
        action: 'resume',
        fault: {
          type: 'error',
          status: 403,
          message: ['API key kid_test:s3cr3t-va', 'lue-XYZ may not manage workflows']
        }
      })
      const result = await runAction({ 'api-key': KEY, 'api-url': k.url, 'workflow-id': 'wfl_p' })
      expect(result.code).toBe(1)
      const shown = everything(result)
        .split('\n')
        .filter(line => !line.startsWith('::add-mask::'))
      expect(shown.filter(line => line.includes('s3cr3t-va'))).toEqual([])
    } finally {
      await k.sim.stop()
    }
  })

  // The pause step alike: a 409 whose message splits the key.
  it('pause: a 409 whose message parts split the key shows no part of it', async () => {
    const k = await keyed()
    try {
      k.sim.injectFault({
        action: 'pause',
        fault: { type: 'error', status: 409, message: ['held by kid_test:s3cr3t-', 'value-XYZ'] }
      })
      const result = await runAction(
        { 'api-key': KEY, 'api-url': k.url, 'workflow-id': 'wfl_a' },
        { script: PAUSE.main }
      )
      expect(result.code).toBe(1)
      const shown = everything(result)
        .split('\n')
        .filter(line => !line.startsWith('::add-mask::'))
      expect(shown.filter(line => line.includes('s3cr3t-'))).toEqual([])
    } finally {
      await k.sim.stop()
    }
  })

  // Secrets swapped with a <key-id>:<secret> key (a documented DialNexa key shape): the key is
  // refused, but the error quotes it in full.
  it('a <key-id>:<secret> key in workflow-id is refused without being quoted', async () => {
    const key = 'abcdefghijklmn:123456a1b1234b'
    const result = await run({ 'workflow-id': key, 'api-key': 'wfl_q8k2ab9zz4mnxy' })
    expect(result.code).toBe(1)
    expect(sim.requests).toEqual([])
    expect(errors(result)[0]).toContain("Input 'workflow-id'")
    expect(log(result)).not.toContain('123456a1b1234b')
  })

  // A key pasted with its "Bearer " prefix escapes the dnx_ check and is quoted back.
  it('a "Bearer dnx_live_…" value in workflow-id is refused without being quoted', async () => {
    const result = await run({
      'workflow-id': 'Bearer dnx_live_9f8e7d6c5b4a39281706',
      'api-key': 'wfl_q8k2ab9zz4mnxy'
    })
    expect(result.code).toBe(1)
    expect(sim.requests).toEqual([])
    expect(log(result)).not.toContain('9f8e7d6c5b4a')
  })

  // The pause step refuses the swapped secrets, saves no state, and its post step then prints
  // the raw workflow-id input (the key) in a warning.
  it('post: after the pause step refused a key in workflow-id, the post step does not print it', async () => {
    const { main, post } = await runWithPost(
      inputs({
        'workflow-id': 'dnx_live_9f8e7d6c5b4a39281706',
        'api-key': 'wfl_q8k2ab9zz4mnxy',
        'auto-resume': 'true'
      }),
      PAUSE
    )
    expect(main.code).toBe(1)
    expect(sim.requests).toEqual([])
    expect(log(post)).not.toContain('9f8e7d6c5b4a')
  })

  // The key in api-url's path is accepted and sent in every request URL, where proxies and
  // server logs keep it.
  it('refuses an api-url that holds the key, before any request', async () => {
    const result = await run({ 'workflow-id': 'wfl_p', 'api-url': `${url}/${SIMULATOR_API_KEY}` })
    expect(result.code).toBe(1)
    expect(sim.requests.filter(r => r.path.includes(SIMULATOR_API_KEY))).toEqual([])
    expect(errors(result)[0]).toContain("Input 'api-url'")
  })
})

describe('issue 16 §6: answers a real network gives', () => {
  // Retry-After as an HTTP date is a time on the server's clock too: with Date 10 minutes
  // ahead, a 3 s wait is read as 10 minutes and the wait fails at once.
  it('measures a Retry-After HTTP date against the answer’s Date', async () => {
    await sim.stop()
    sim = new DialNexaSimulator({
      clockSkewMs: 600_000,
      workflows: [{ id: 'wfl_p', status: 'paused' }]
    })
    url = await sim.start()
    const retryAt = new Date(Date.now() + 600_000 + 3000).toUTCString()
    sim.injectFault({ action: 'get', fault: { type: 'rate-limit', retryAfter: retryAt } })
    const result = await run(
      { 'workflow-id': 'wfl_p', 'wait-for-paused': 'true', 'wait-timeout': '15' },
      { timeoutMs: 25_000 }
    )
    expect(result.code).toBe(0)
    expect(result.outputs.resumed).toBe('true')
  }, 30_000)

  // A server clock 20 s ahead is ignored as "noise" (under 30 s): a reset at most 3 s away is
  // read as over 20 s away, past wait-timeout, and the wait fails.
  it('measures X-RateLimit-Reset against Date with a 20 s skew too', async () => {
    await sim.stop()
    sim = new DialNexaSimulator({
      clockSkewMs: 20_000,
      rateLimit: { limit: 1, windowMs: 3000 },
      workflows: [{ id: 'wfl_p', status: 'active' }]
    })
    url = await sim.start()
    // Paused right after the first read is answered.
    void sim.arrival('get', 'wfl_p').then(() => sim.setStatus('wfl_p', 'paused'))
    const result = await run(
      {
        'workflow-id': 'wfl_p',
        'wait-for-paused': 'true',
        'poll-interval': '0.5',
        'wait-timeout': '15'
      },
      { timeoutMs: 25_000 }
    )
    expect(result.code).toBe(0)
    expect(result.outputs.resumed).toBe('true')
  }, 30_000)

  // "Content-Encoding: deflate" sent raw (without the zlib wrapper, as IIS and others do) is
  // decoded by tolerant clients (browsers, curl, undici's fetch); here the step fails.
  it('reads a raw-deflate body labelled "deflate"', async () => {
    const server: Server = createServer((req, res) => {
      const status = req.method === 'POST' ? 'active' : 'paused'
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'deflate' })
      res.end(deflateRawSync(Buffer.from(JSON.stringify({ id: 'wfl_p', status }))))
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const result = await run({ 'workflow-id': 'wfl_p', 'api-url': `http://127.0.0.1:${port}/v1` })
      expect(result.code).toBe(0)
      expect(result.outputs.resumed).toBe('true')
    } finally {
      await new Promise(resolve => server.close(resolve))
    }
  })
})

describe('issue 16 §7: the error names the right input', () => {
  // A gateway's generic JSON 404 ("Not Found", as API gateways answer an unknown route) is
  // taken for the API's own "workflow not found": the error points at workflow-id only.
  it("a gateway's generic 404 points at api-url", async () => {
    sim.injectFault({ action: 'get', fault: { type: 'error', status: 404, message: 'Not Found' } })
    const result = await run({ 'workflow-id': 'wfl_p' })
    expect(result.code).toBe(1)
    expect(errors(result)[0]).toContain("'api-url'")
  })

  // A route-level 404 on the POST ("Cannot POST …") after the read found the workflow is told
  // as "most likely deleted", never pointing at api-url.
  it('a route-level 404 on the resume POST points at api-url, not a deletion', async () => {
    sim.injectFault({
      action: 'resume',
      fault: { type: 'error', status: 404, message: 'Cannot POST /v1/workflows/wfl_p/resume' }
    })
    const result = await run({ 'workflow-id': 'wfl_p' })
    expect(result.code).toBe(1)
    expect(errors(result)[0]).not.toContain('most likely deleted')
    expect(errors(result)[0]).toContain("'api-url'")
  })

  // U+3164 HANGUL FILLER renders as nothing, but is not \p{Cf}: accepted in api-url, whose
  // requests then go to /v1%E3%85%A4/…
  it('refuses an invisible Hangul filler in api-url, before any request', async () => {
    const result = await run({ 'workflow-id': 'wfl_p', 'api-url': `${url}\u3164` })
    expect(result.code).toBe(1)
    expect(sim.requests).toEqual([])
    expect(errors(result)[0]).toContain("Input 'api-url'")
  })

  // A quoted bad workflow ID shows the invisible U+3164 raw, so the quoted value looks valid.
  it('shows an invisible Hangul filler in a quoted workflow-id as an escape', async () => {
    const result = await run({ 'workflow-id': 'wfl_m3v7zb9rk2px\u3164' })
    expect(result.code).toBe(1)
    expect(errors(result)[0]).toContain('\\u3164')
  })
})
