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

/** The entry on one line (with or without its line ending), or null for any other text. */
export function parseNixLogLine(line: string): NixLogEntry | null {
  const at = line.indexOf(marker)
  if (at < 0) return null
  return parseNixLogJson(line.slice(at + marker.length - 1).replace(/\r?\n?$/, ''))
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
    for (let nl = data.indexOf('\n'); nl >= 0; nl = data.indexOf('\n', start)) {
      this.line(data.slice(start, nl + 1), items)
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
      const before = line.slice(0, at)
      // Text that already began this line gets its line ended; bare escape codes are dropped.
      if (this.lineShown || stripAnsi(before).trim() !== '') {
        items.push({ kind: 'text', text: before + '\r\n' })
      }
      items.push({ kind: 'entry', entry, line: line.slice(at).replace(/\r?\n$/, '') })
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
