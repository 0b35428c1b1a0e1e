/**
 * The bundle's library: one function per entry point. ncc builds this file once into
 * dist/lib/index.js, and scripts/bundle-entries.ts writes the entry files that call these.
 */
export { run as resume } from './main.js'
export { run as pause } from './pause.js'
export { run as pausePost } from './pause-post.js'
