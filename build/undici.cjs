'use strict'
// Entry of dist/lib/undici/index.cjs: the undici that build/undici-on-demand.cjs loads on
// first use.
// A subpath, because tsconfig.json maps the bare `undici` to undici-on-demand.cjs itself.
module.exports = require('undici/index.js')
