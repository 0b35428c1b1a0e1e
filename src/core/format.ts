export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`
}

/** A span a person reads at a glance: "42.5 s", "3 min 12 s", "1 h 5 min". */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return formatSeconds(ms)
  const minutes = Math.floor(ms / 60_000)
  if (minutes < 60) return `${minutes} min ${Math.floor((ms % 60_000) / 1000)} s`
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}
