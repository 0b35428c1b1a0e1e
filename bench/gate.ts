import { performance } from 'node:perf_hooks'
import { clip, registerSecret } from '../src/core/redact.js'

/**
 * How long the one gate for server text takes on hostile text: a megabyte of near-misses of the
 * key (every prefix but the last character, over and over), which makes each position of the
 * text a long partial match. Run: npm run bench:gate
 */

const SIZE = 1_000_000

function keyOf(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
  return Array.from({ length }, (_, i) => alphabet[(i * 7) % alphabet.length]).join('')
}

function timeClip(text: string, rounds: number): number {
  const times: number[] = []
  for (let i = 0; i < rounds; i++) {
    const started = performance.now()
    clip(text)
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]!
}

const NEAR_MISSES: [string, (keyButOne: string) => string][] = [
  ['near-misses', k => `${k} `],
  ['spaced near-misses', k => `${[...k].join(' ')}  `],
  [
    'percent-encoded near-misses',
    k => `${[...k].map(c => `%2525${c.charCodeAt(0).toString(16)}`).join('')}.`
  ],
  ['entity near-misses', k => `${[...k].map(c => `&amp;#${c.charCodeAt(0)};`).join('')}.`]
]

// Patterns accumulate per process, so the longer key goes last and each row says what is registered.
console.log(`| key length | text | median ms per clip |`)
console.log(`| --- | --- | --- |`)
for (const length of [64, 256]) {
  const key = keyOf(length)
  registerSecret(key)
  for (const [label, form] of NEAR_MISSES) {
    const nearMiss = form(key.slice(0, -1))
    const hostile = nearMiss.repeat(Math.ceil(SIZE / nearMiss.length)).slice(0, SIZE)
    console.log(`| ${length} | 1 MB of ${label} | ${timeClip(hostile, 3).toFixed(1)} |`)
  }
  console.log(`| ${length} | 1 MB of plain text | ${timeClip('x'.repeat(SIZE), 5).toFixed(1)} |`)
}
