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

/** Text from the server (messages, bodies, even status words) is never trusted. */

export const MAX_UNTRUSTED_LENGTH = 300

const redactions: string[] = []
let redaction: RegExp | undefined
/** The registered forms as `mayEcho` compares them: lower case, without separators. */
const bareForms: string[] = []
/** The longest text any registered pattern can match, after normalising. */
let longestEcho = 0

/**
 * Registers a secret (the API key) that must never be echoed back, in every form a server may
 * echo it, and so the secret part of a `<key-id>:<secret>` key too. Returns the exact forms to
 * mask with `core.setSecret`, which must happen before anything is logged.
 */
export function registerSecret(secret: string): string[] {
  const part = secretPart(normalise(secret))
  const forms = registerForms(secret)
  return part === undefined ? forms : [...new Set([...forms, ...registerForms(part)])]
}

/** Registers one secret in every form; none when it is too short to mask safely. */
function registerForms(secret: string): string[] {
  const normal = normalise(secret)
  if (normal.length < MIN_SECRET_FORM_LENGTH) return []
  const forms = [...new Set([...literalForms(secret), ...literalForms(normal)])]
  // Masked all the same; no server text is ever read with it (see MAX_SECRET_LENGTH).
  if (normal.length > MAX_SECRET_LENGTH) return forms
  const patterns = [...forms.map(splitPattern), echoedPattern(normal)]
  longestEcho = Math.max(
    longestEcho,
    normal.length * MAX_ECHOED_CHAR_LENGTH,
    ...forms.map(form => form.length * 2)
  )
  for (const pattern of patterns) if (!redactions.includes(pattern)) redactions.push(pattern)
  for (const form of forms) bareForms.push(bare(form))
  // Longest first: where two forms start at the same place, the whole of the longer one goes.
  redactions.sort((a, b) => b.length - a.length)
  redaction = undefined
  return forms
}

/**
 * The pattern is compiled on first use, which `mayEcho` keeps rare: compiling it costs V8 tens
 * of milliseconds, a third of the action's start-up, for text that almost never holds the key.
 * Any letter case: a key echoed upper- or lower-cased is as good as the key to a reader.
 */
function redactionPattern(): RegExp {
  redaction ??= new RegExp(redactions.join('|'), 'gi')
  return redaction
}

/**
 * A cheap test that is never wrong when it says no. Without `%`, `\`, `&` or `+` no character
 * can be escaped, so an echo is one of the registered forms, in any case, with at most the
 * separators `splitPattern` allows between characters: removing those from both sides leaves
 * the form inside the text.
 */
function mayEcho(text: string): boolean {
  if (/[%\\&+]/.test(text)) return true
  const plain = bare(text)
  return bareForms.some(form => plain.includes(form))
}

function bare(text: string): string {
  return text.toLowerCase().replace(/[ :-]/g, '')
}

/**
 * The one gate for everything the server says, on every path: logs, annotations, outputs,
 * the job summary, debug lines and error messages. It normalises first (terminal escapes,
 * invisible characters, control characters and whitespace), so no secret can be rebuilt after
 * it is redacted; then redacts every registered secret form; then bounds the length.
 * Lines built from it must still be printed with `infoUntrusted` or via core.error/warning,
 * because `::` and `##[` are only harmless away from the runner's parser.
 */
export function clip(text: string, max = MAX_UNTRUSTED_LENGTH): string {
  const normal = normalise(text)
  return redactions.length > 0 ? redactPrefix(normal, max) : bound(normal, max)
}

/**
 * Redacts only what reaches the first `max` characters: matching a megabyte of hostile text
 * would cost seconds. Each search looks at just enough text to fill the rest of the line plus
 * `longestEcho`, so a match that starts inside the line is always seen whole.
 */
function redactPrefix(normal: string, max: number): string {
  let kept = ''
  let end = 0
  while (kept.length < max && end < normal.length) {
    const room = max - kept.length
    const window = normal.slice(end, end + room + longestEcho)
    const pattern = mayEcho(window) ? redactionPattern() : undefined
    if (pattern) pattern.lastIndex = 0
    const match = pattern?.exec(window)
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

/** One line of plain text: what a person would read, with nothing hidden inside it. */
function normalise(text: string): string {
  return (
    text
      .replace(TERMINAL_ESCAPE, '')
      // Zero-width and bidi marks, and lone surrogates, are removed: they hide what is there.
      .replace(/[\p{Cf}\p{Cs}]/gu, '')
      .replace(/[\p{Cc}\p{Z}\s]+/gu, ' ')
      .trim()
  )
}

function bound(text: string, max: number): string {
  if (text.length <= max) return text
  // Never cut a surrogate pair in half.
  const cut = /[\ud800-\udbff]/.test(text.charAt(max - 1)) ? max - 1 : max
  return `${text.slice(0, cut)}…`
}

/**
 * Wraps lines that contain server text in a stop-commands block, so the runner treats
 * them as plain log text. A fresh token each time means the text cannot guess the end marker.
 */
export function wrapUntrusted(lines: string[], token = randomBytes(16).toString('hex')): string {
  return [`::stop-commands::${token}`, ...lines, `::${token}::`].join('\n')
}
