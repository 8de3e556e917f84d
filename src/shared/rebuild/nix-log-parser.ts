// nix's `--log-format internal-json` log, read from a stream. Each entry is a line
// `@nix {…}`; in a terminal those lines are mixed with other programs' text (sudo, activation
// scripts), may follow a colour reset on the same line, end in \r\n, and arrive split across
// chunks at any byte. The splitter hands back entries and the text around them, in order.
import { stripAnsi } from '../nix/ansi'

/** nix's ActivityType (src/libutil/logging.hh). */
export const ActivityType = {
  unknown: 0,
  copyPath: 100,
  fileTransfer: 101,
  realise: 102,
  copyPaths: 103,
  builds: 104,
  build: 105,
  optimiseStore: 106,
  verifyPaths: 107,
  substitute: 108,
  queryPathInfo: 109,
  postBuildHook: 110,
  buildWaiting: 111,
  /** nix 2.20 and newer: fetching a git input while evaluating (results: fetchStatus). */
  fetchTree: 112,
} as const

/** nix's ResultType (src/libutil/logging.hh). */
export const ResultType = {
  fileLinked: 100,
  buildLogLine: 101,
  untrustedPath: 102,
  corruptedPath: 103,
  setPhase: 104,
  progress: 105,
  setExpected: 106,
  postBuildLogLine: 107,
  /** nix 2.20 and newer: a git fetch's progress line ("Receiving objects: 50%"). */
  fetchStatus: 108,
} as const

/** nix's Verbosity: 0 error … 7 vomit. */
export const LogLevel = {
  error: 0,
  warn: 1,
  notice: 2,
  info: 3,
  talkative: 4,
  chatty: 5,
  debug: 6,
  vomit: 7,
} as const

export type NixLogField = string | number

export interface NixMsgEntry {
  action: 'msg'
  level: number
  msg: string
  /** The whole entry as nix wrote it (raw_msg, file, line, column, trace…). */
  raw: Record<string, unknown>
}

export interface NixStartEntry {
  action: 'start'
  id: number
  level: number
  type: number
  text: string
  fields: NixLogField[]
  parent: number
}

export interface NixStopEntry {
  action: 'stop'
  id: number
}

export interface NixResultEntry {
  action: 'result'
  id: number
  type: number
  fields: NixLogField[]
}

export type NixLogEntry = NixMsgEntry | NixStartEntry | NixStopEntry | NixResultEntry

export type NixLogItem =
  { kind: 'entry'; entry: NixLogEntry; line: string } | { kind: 'text'; text: string }

const marker = '@nix {'

function isFields(value: unknown): value is NixLogField[] {
  return Array.isArray(value) && value.every((f) => typeof f === 'string' || typeof f === 'number')
}

/** One entry from its JSON (the text after "@nix "), or null when it is not a known entry. */
export function parseNixLogJson(json: string): NixLogEntry | null {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const v = value as Record<string, unknown>
  const num = (key: string, fallback?: number): number | null => {
    const x = v[key]
    return typeof x === 'number' ? x : (fallback ?? null)
  }
  switch (v.action) {
    case 'msg': {
      const level = num('level')
      if (level === null) return null
      return { action: 'msg', level, msg: typeof v.msg === 'string' ? v.msg : '', raw: v }
    }
    case 'start': {
      const id = num('id')
      if (id === null) return null
      return {
        action: 'start',
        id,
        level: num('level', LogLevel.info)!,
        type: num('type', ActivityType.unknown)!,
        text: typeof v.text === 'string' ? v.text : '',
        fields: isFields(v.fields) ? v.fields : [],
        parent: num('parent', 0)!,
      }
    }
    case 'stop': {
      const id = num('id')
      return id === null ? null : { action: 'stop', id }
    }
    case 'result': {
      const id = num('id')
      const type = num('type')
      if (id === null || type === null) return null
      return { action: 'result', id, type, fields: isFields(v.fields) ? v.fields : [] }
    }
    default:
      return null
  }
}

/** Where the entry's text in text[start, end) ends: before its \n or \r\n, if any. */
function contentEnd(text: string, start = 0, end = text.length): number {
  if (end > start && text.charCodeAt(end - 1) === 10) end--
  if (end > start && text.charCodeAt(end - 1) === 13) end--
  return end
}

/** The non-negative integer written in text[from, to), or null. */
function digitsAt(text: string, from: number, to: number): number | null {
  if (to <= from || to - from > 15) return null
  let value = 0
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return null
    value = value * 10 + digit
  }
  return value
}

// nix writes its keys sorted (nlohmann's std::map), so a result with one string field reads
// `@nix {"action":"result","fields":["…"],"id":N,"type":T}`: a builder's log lines, nearly all
// of a chatty build's log. They are read in place, without JSON.parse or a copy of the line,
// when the string has no escapes.
const resultPrefix = '@nix {"action":"result","fields":["'
const resultIdKey = '],"id":'
const resultTypeKey = ',"type":'

/**
 * The one-string result entry written at text[start, end) (a line, its line ending included),
 * or null to parse it in full. `escapeAt` is the position of a backslash, if any, at or after
 * the string (text.length when there is none): an escaped string is left to JSON.parse.
 */
function quickResult(
  text: string,
  start: number,
  end: number,
  escapeAt: number,
): NixResultEntry | null {
  if (!text.startsWith(resultPrefix, start)) return null
  const textStart = start + resultPrefix.length
  const close = text.indexOf('"', textStart)
  if (close < 0 || close >= end || escapeAt < close) return null
  if (!text.startsWith(resultIdKey, close + 1)) return null
  const idStart = close + 1 + resultIdKey.length
  const typeAt = text.indexOf(resultTypeKey, idStart)
  const last = contentEnd(text, start, end) - 1
  if (typeAt < 0 || typeAt >= last || text.charCodeAt(last) !== 125) return null
  const id = digitsAt(text, idStart, typeAt)
  const type = digitsAt(text, typeAt + resultTypeKey.length, last)
  if (id === null || type === null) return null
  return { action: 'result', id, type, fields: [text.slice(textStart, close)] }
}

/** The next backslash at or after `from` in `text`, or text.length. */
function nextEscape(text: string, from: number): number {
  const at = text.indexOf('\\', from)
  return at < 0 ? text.length : at
}

/** The entry on one line (with or without its line ending), or null for any other text. */
export function parseNixLogLine(line: string): NixLogEntry | null {
  const at = line.indexOf(marker)
  if (at < 0) return null
  const end = contentEnd(line)
  return (
    quickResult(line, at, line.length, nextEscape(line, at)) ??
    parseNixLogJson(line.slice(at + marker.length - 1, end))
  )
}

// A colour reset or line clear may precede the marker; so may half of an escape sequence.
// eslint-disable-next-line no-control-regex
const trailingPartialEscape = /\u001b(\[[0-9;?]*)?$/

/** Whether a line begun so far may still turn out to be an `@nix {…}` line. */
function mayBeEntry(partial: string): boolean {
  const visible = stripAnsi(partial).replace(trailingPartialEscape, '').replace(/\r/g, '')
  return marker.startsWith(visible) || visible.startsWith(marker)
}

/** A line of nothing but colour resets and line clears (nix's logger leaves them). */
function isBareEscapes(line: string): boolean {
  return line.includes('\u001b') && stripAnsi(line).trim() === ''
}

/** A line longer than this is shown as text even if it began like an entry. */
const maxHeldLine = 8 * 1024 * 1024

/**
 * Splits a stream into entries and text. Text keeps its bytes (and its \r\n) so the terminal
 * shows it exactly; a partial line that cannot become an entry (a password prompt) is handed
 * out at once rather than held until its newline.
 */
export class NixLogSplitter {
  private held = ''
  /** Part of the current line has already gone out as text. */
  private lineShown = false

  push(chunk: string): NixLogItem[] {
    const items: NixLogItem[] = []
    const data = this.held + chunk
    this.held = ''
    let start = 0
    let escapeAt = -1
    for (let nl = data.indexOf('\n'); nl >= 0; nl = data.indexOf('\n', start)) {
      // A builder's log line is read in place (no copy of the line, no JSON.parse).
      if (escapeAt < start) escapeAt = nextEscape(data, start)
      const quick = this.lineShown ? null : quickResult(data, start, nl + 1, escapeAt)
      if (quick) {
        items.push({
          kind: 'entry',
          entry: quick,
          line: data.slice(start, contentEnd(data, start, nl + 1)),
        })
      } else {
        this.line(data.slice(start, nl + 1), items)
      }
      start = nl + 1
    }
    const rest = data.slice(start)
    if (rest !== '') {
      if (!this.lineShown && mayBeEntry(rest) && rest.length < maxHeldLine) {
        this.held = rest
      } else {
        items.push({ kind: 'text', text: rest })
        this.lineShown = true
      }
    }
    return items
  }

  /** The end of the stream: whatever was held goes out. */
  end(): NixLogItem[] {
    const items: NixLogItem[] = []
    if (this.held !== '') this.line(this.held, items)
    this.held = ''
    this.lineShown = false
    return items
  }

  private line(line: string, items: NixLogItem[]): void {
    const at = line.indexOf(marker)
    const entry = at >= 0 ? parseNixLogLine(line) : null
    if (entry) {
      const before = at > 0 ? line.slice(0, at) : ''
      // Text that already began this line gets its line ended; bare escape codes are dropped.
      if (this.lineShown || (at > 0 && stripAnsi(before).trim() !== '')) {
        items.push({ kind: 'text', text: before + '\r\n' })
      }
      items.push({ kind: 'entry', entry, line: line.slice(at, contentEnd(line)) })
    } else if (this.lineShown || !isBareEscapes(line)) {
      items.push({ kind: 'text', text: line })
    }
    this.lineShown = false
  }
}

/** `/nix/store/<hash>-hello-2.12.drv` → `hello-2.12`. */
export function derivationName(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.drv$/, '')
  return /^[0-9a-z]{32}-/.test(base) ? base.slice(33) : base
}
