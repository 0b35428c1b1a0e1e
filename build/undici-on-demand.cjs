'use strict'
/*
 * undici, loaded the first time one of its exports is used instead of when the action starts.
 *
 * Why: @actions/http-client imports undici at its top, but uses it only in getAgentDispatcher(),
 * which the action never calls: HttpClient.request reaches a proxy through `tunnel`. Evaluating
 * undici and compiling its llhttp WebAssembly cost about 50-68 ms of every run's start-up, and
 * even unevaluated, its 440 KB in the bundle took more than 30 ms to load
 * (docs/benchmarks.md).
 *
 * How: tsconfig.json maps the bare specifier `undici` to this file, and ncc resolves every
 * import it bundles through those paths, so http-client's `import { ProxyAgent } from 'undici'`
 * lands here. undici itself is bundled on its own into dist/lib/undici/index.cjs (entry:
 * build/undici.cjs), and `npm run bundle` marks the require below as external, so
 * dist/lib/index.js loads that file, relative to itself, only when load() first runs. Any
 * export, not only ProxyAgent, is passed through, so a new import in http-client keeps working.
 *
 * Guarded by __tests__/startup.e2e.test.ts: it fails when the bundle evaluates undici at
 * start-up (say, after a dependency update or a change of bundler) or when this file stops
 * handing out undici's own exports; __tests__/proxy.e2e.test.ts shows requests still reach a
 * proxy.
 */
let undici
const load = () => (undici ??= require('./undici/index.cjs'))

module.exports = new Proxy(
  {},
  {
    // Bundlers ask for __esModule when they import a CommonJS module: answer without loading.
    get: (_, name) => (name === '__esModule' ? undefined : load()[name]),
    has: (_, name) => name in load()
  }
)
