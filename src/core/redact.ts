import { randomBytes } from 'node:crypto'
import {
  echoedPattern,
  literalForms,
  MAX_ECHOED_CHAR_LENGTH,
  MAX_SECRET_LENGTH,
  MIN_SECRET_FORM_LENGTH,
  secretPart,
  splitPattern
} from './secret-forms.js'

// Server text is never trusted (docs/security.md). `clip` is its one gate: normalise (so no key
// can be rebuilt after), redact, bound. `::` stays harmful: action/log.ts fences it.

const MAX_UNTRUSTED_LENGTH = 300

const redactions: string[] = []
let redaction: RegExp | undefined
/** The registered forms as `mayEcho` compares them: lower case, without separators. */
const bareForms: string[] = []
/** The longest text any registered pattern can match, after normalising. */
let longestEcho = 0

/** Registers every form a server may echo; returns the exact forms for `core.setSecret`. */
export function registerSecret(secret: string): string[] {
  const part = secretPart(normalise(secret))
  const forms = registerForms(secret)
  return part === undefined ? forms : [...new Set([...forms, ...registerForms(part)])]
}

/** None when it is too short to mask without blotting out ordinary words. */
function registerForms(secret: string): string[] {
  const normal = normalise(secret)
  if (normal.length < MIN_SECRET_FORM_LENGTH) return []
  const forms = [...new Set([...literalForms(secret), ...literalForms(normal)])]
  // Masked all the same; no server text is ever read with it (see MAX_SECRET_LENGTH).
  if (normal.length > MAX_SECRET_LENGTH) return forms
  const patterns = [...forms.map(splitPattern), echoedPattern(normal)]
  const echoLength = normal.length * MAX_ECHOED_CHAR_LENGTH
  longestEcho = Math.max(longestEcho, echoLength, ...forms.map(form => form.length * 2))
  for (const pattern of patterns) if (!redactions.includes(pattern)) redactions.push(pattern)
  for (const form of forms) bareForms.push(bare(form))
  // Longest first: where two forms start at the same place, the whole of the longer one goes.
  redactions.sort((a, b) => b.length - a.length)
  redaction = undefined
  return forms
}

/** Never wrong when it says no: without `%`, `\`, `&` or `+`, an echo is a bare form. */
function mayEcho(text: string): boolean {
  if (bareForms.length === 0) return false
  if (/[%\\&+]/.test(text)) return true
  const plain = bare(text)
  return bareForms.some(form => plain.includes(form))
}

const bare = (text: string): string => text.toLowerCase().replace(/[ :-]/g, '')

/** Whether a registered secret shows in `text`, in any form the redaction knows. */
export function holdsSecret(text: string): boolean {
  const normal = normalise(text)
  return redactPrefix(normal, Infinity) !== normal
}

export const clip = (text: string, max = MAX_UNTRUSTED_LENGTH): string =>
  redactPrefix(normalise(text), max)

// Only the first `max` characters: matching a megabyte of hostile text would cost seconds.
// Each window adds `longestEcho`, so a match that starts inside it is seen whole.
function redactPrefix(normal: string, max: number): string {
  let kept = ''
  let end = 0
  while (kept.length < max && end < normal.length) {
    const room = max - kept.length
    const window = normal.slice(end, end + room + longestEcho)
    // Compiled on first use, which `mayEcho` keeps rare: it costs a third of the start-up.
    const match = mayEcho(window)
      ? (redaction ??= new RegExp(redactions.join('|'), 'i')).exec(window)
      : null
    if (!match || match.index >= room) {
      kept += window.slice(0, room)
      end += Math.min(room, window.length)
      break
    }
    kept += `${window.slice(0, match.index)}***`
    end += match.index + match[0].length
  }
  if (kept.length > max || end >= normal.length) return bound(kept, max)
  return `${kept.replace(/[\ud800-\udbff]$/, '')}…`
}

// CSI (ESC [ … or the 8-bit form), OSC (ESC ] … BEL or ESC \), and two-character escapes.
const TERMINAL_ESCAPE =
  // eslint-disable-next-line no-control-regex
  /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]/g

// One line of plain text: what a person would read. Zero-width and bidi marks, and lone
// surrogates, are removed: they hide what is there.
function normalise(text: string): string {
  return text
    .replace(TERMINAL_ESCAPE, '')
    .replace(/[\p{Cf}\p{Cs}]/gu, '')
    .replace(/[\p{Cc}\p{Z}\s]+/gu, ' ')
    .trim()
}

function bound(text: string, max: number): string {
  if (text.length <= max) return text
  // Never cut a surrogate pair in half.
  const cut = /[\ud800-\udbff]/.test(text.charAt(max - 1)) ? max - 1 : max
  return `${text.slice(0, cut)}…`
}

/** A fresh token each time, so server text cannot guess the end of the stop-commands block. */
export function wrapUntrusted(lines: string[], token = randomBytes(16).toString('hex')): string {
  return [`::stop-commands::${token}`, ...lines, `::${token}::`].join('\n')
}
