/** Built once into dist/lib/index.js; the entry files from scripts/bundle-entries.ts call these. */
export { run as resume } from './main.js'
export { run as pause } from './pause.js'
export { run as pausePost } from './pause-post.js'
