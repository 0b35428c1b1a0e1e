'use strict'
/*
 * undici, loaded the first time one of its exports is used instead of when the action starts.
 *
 * Why: @actions/http-client imports undici at its top, but uses it only in getAgentDispatcher(),
 * which the action never calls: HttpClient.request reaches a proxy through `tunnel`. Evaluating
 * undici and compiling its llhttp WebAssembly cost about 50-68 ms of every run's start-up
 * (docs/benchmarks.md).
 *
 * How: tsconfig.json maps the bare specifier `undici` to this file, and ncc resolves every
 * import it bundles through those paths, so http-client's `import { ProxyAgent } from 'undici'`
 * lands here. undici is still in the bundle: the `require` below names it by a subpath the
 * mapping does not catch, and webpack runs a CommonJS module only when it is first required.
 * Any export, not only ProxyAgent, is passed through, so a new import in http-client keeps
 * working.
 *
 * Guarded by __tests__/startup.e2e.test.ts: it fails when the bundle evaluates undici at
 * start-up (say, after a dependency update or a change of bundler) or when this file stops
 * handing out undici's own exports; __tests__/proxy.e2e.test.ts shows requests still reach a
 * proxy.
 */
let undici
const load = () => (undici ??= require('undici/index.js'))

module.exports = new Proxy(
  {},
  {
    // Bundlers ask for __esModule when they import a CommonJS module: answer without loading.
    get: (_, name) => (name === '__esModule' ? undefined : load()[name]),
    has: (_, name) => name in load()
  }
)
