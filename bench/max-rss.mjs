// Preloaded (node --import) by the benchmark: writes the process's peak resident set size, in
// KiB, to $BENCH_RSS_FILE when it exits.
import { writeFileSync } from 'node:fs'

process.on('exit', () => {
  writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS))
})
