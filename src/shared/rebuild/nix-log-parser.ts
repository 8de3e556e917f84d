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

/** Where the parts of a one-string result entry are (see scanQuickResult); reused, no object a line. */
interface QuickScan {
  id: number
  type: number
  /** The string field is text[textStart, textEnd). */
  textStart: number
  textEnd: number
}

const scan: QuickScan = { id: 0, type: 0, textStart: 0, textEnd: 0 }

/**
 * Whether text[start, end) (a line, its line ending included) is a one-string result entry that
 * can be read in place; its parts are then in `scan`. `escapeAt` is the position of a
 * backslash, if any, at or after the string (text.length when there is none): an escaped string
 * is left to JSON.parse.
 */
function scanQuickResult(text: string, start: number, end: number, escapeAt: number): boolean {
  if (!text.startsWith(resultPrefix, start)) return false
  const textStart = start + resultPrefix.length
  const close = text.indexOf('"', textStart)
  if (close < 0 || close >= end || escapeAt < close) return false
  if (!text.startsWith(resultIdKey, close + 1)) return false
  const idStart = close + 1 + resultIdKey.length
  const typeAt = text.indexOf(resultTypeKey, idStart)
  const last = contentEnd(text, start, end) - 1
  if (typeAt < 0 || typeAt >= last || text.charCodeAt(last) !== 125) return false
  const id = digitsAt(text, idStart, typeAt)
  const type = digitsAt(text, typeAt + resultTypeKey.length, last)
  if (id === null || type === null) return false
  scan.id = id
  scan.type = type
  scan.textStart = textStart
  scan.textEnd = close
  return true
}

/** The one-string result entry written at text[start, end), or null (see scanQuickResult). */
function quickResult(
  text: string,
  start: number,
  end: number,
  escapeAt: number,
): NixResultEntry | null {
  if (!scanQuickResult(text, start, end, escapeAt)) return null
  const field = text.slice(scan.textStart, scan.textEnd)
  return { action: 'result', id: scan.id, type: scan.type, fields: [field] }
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
 * What a reader of the stream is handed, in order (see NixLogSplitter.read). `logLine` is a
 * builder's log line (a result of type buildLogLine or postBuildLogLine with one string field):
 * nearly all of a chatty build's log, handed over without an entry object or a copy of the line:
 * the entry as nix wrote it is `source.slice(from, to)`. `line` is that of other entries, without
 * its line ending.
 */
export interface NixLogHandler {
  entry(entry: NixLogEntry, line: string): void
  logLine(id: number, type: number, text: string, source: string, from: number, to: number): void
  text(text: string): void
}

/** Whether a quick result is a builder's log line (the type is read in place). */
function isLogLineType(type: number): boolean {
  return type === ResultType.buildLogLine || type === ResultType.postBuildLogLine
}

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
    this.read(chunk, collector(items))
    return items
  }

  /**
   * The same as push, handed to `handler` as it is read: a builder's log line costs no objects
   * but the slice of its text (a chatty build prints hundreds of thousands of them).
   */
  read(chunk: string, handler: NixLogHandler): void {
    let data = chunk
    let start = 0
    if (this.held !== '') {
      // The held part's line is read on its own: joining the held text to the whole chunk would
      // copy the chunk (hundreds of KiB) for one line.
      const nl = chunk.indexOf('\n')
      if (nl < 0) data = this.held + chunk
      else {
        const first = this.held + chunk.slice(0, nl + 1)
        this.held = ''
        this.lines(first, 0, handler)
        start = nl + 1
      }
      this.held = ''
    }
    start = this.lines(data, start, handler)
    const rest = start === 0 ? data : data.slice(start)
    if (rest !== '') {
      if (!this.lineShown && mayBeEntry(rest) && rest.length < maxHeldLine) {
        this.held = rest
      } else {
        handler.text(rest)
        this.lineShown = true
      }
    }
  }

  /** Reads the whole lines of data from `start` on; returns where the rest begins. */
  private lines(data: string, start: number, handler: NixLogHandler): number {
    let escapeAt = -1
    for (let nl = data.indexOf('\n', start); nl >= 0; nl = data.indexOf('\n', start)) {
      // A builder's log line is read in place (no copy of the line, no JSON.parse).
      if (escapeAt < start) escapeAt = nextEscape(data, start)
      if (!this.lineShown && scanQuickResult(data, start, nl + 1, escapeAt)) {
        const { id, type } = scan
        const text = data.slice(scan.textStart, scan.textEnd)
        const end = contentEnd(data, start, nl + 1)
        if (isLogLineType(type)) handler.logLine(id, type, text, data, start, end)
        else handler.entry({ action: 'result', id, type, fields: [text] }, data.slice(start, end))
      } else {
        this.line(data.slice(start, nl + 1), handler)
      }
      start = nl + 1
    }
    return start
  }

  /** The end of the stream: whatever was held goes out. */
  end(): NixLogItem[] {
    const items: NixLogItem[] = []
    this.finish(collector(items))
    return items
  }

  /** The same as end, handed to `handler`. */
  finish(handler: NixLogHandler): void {
    if (this.held !== '') this.line(this.held, handler)
    this.held = ''
    this.lineShown = false
  }

  private line(line: string, handler: NixLogHandler): void {
    const at = line.indexOf(marker)
    const entry = at >= 0 ? parseNixLogLine(line) : null
    if (entry) {
      const before = at > 0 ? line.slice(0, at) : ''
      // Text that already began this line gets its line ended; bare escape codes are dropped.
      if (this.lineShown || (at > 0 && stripAnsi(before).trim() !== '')) {
        handler.text(before + '\r\n')
      }
      handler.entry(entry, line.slice(at, contentEnd(line)))
    } else if (this.lineShown || !isBareEscapes(line)) {
      handler.text(line)
    }
    this.lineShown = false
  }
}

/** A handler that collects what it is handed as items (push and end). */
function collector(items: NixLogItem[]): NixLogHandler {
  return {
    entry: (entry, line) => items.push({ kind: 'entry', entry, line }),
    logLine: (id, type, text, source, from, to) =>
      items.push({
        kind: 'entry',
        entry: { action: 'result', id, type, fields: [text] },
        line: source.slice(from, to),
      }),
    text: (text) => items.push({ kind: 'text', text }),
  }
}

/** `/nix/store/<hash>-hello-2.12.drv` → `hello-2.12`. */
export function derivationName(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.drv$/, '')
  return /^[0-9a-z]{32}-/.test(base) ? base.slice(33) : base
}
