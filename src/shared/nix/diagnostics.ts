// nix's errors and warnings as data: a message and where it points (file, line, column), from
// either nix's text output (nix 2.8 and newer) or its `--log-format internal-json` messages.
import { stripAnsi } from './ansi'

export interface NixPosition {
  /** As nix printed it: often /nix/store/<hash>-source/…; see mapToRepo. */
  file: string | null
  line: number | null
  column: number | null
}

export interface NixTraceFrame extends NixPosition {
  message: string
}

export interface NixDiagnostic extends NixPosition {
  severity: 'error' | 'warning'
  message: string
  /** The "… while evaluating" frames nix printed, outermost first. */
  trace: NixTraceFrame[]
}

// "at FILE:L:C:"; newer nix places a derivation frame with "whose name attribute is located at".
const positionPattern = /^\s*(?:at|whose name attribute is located at) (.+?):(\d+):(\d+):?\s*$/
/** Origins that are no file: «stdin», «string», «none», «nix-internal» (all nix versions). */
const noFile = /^«[^»]*»$/

function position(file: string, line: string, column: string): NixPosition {
  return { file: noFile.test(file) ? null : file, line: Number(line), column: Number(column) }
}

/**
 * The file of an internal-json entry. nix 2.8 writes the bare file; newer nix (2.18 on) writes
 * the whole position, `FILE:LINE:COLUMN` (`FILE:LINE` at column 0), beside the same line and
 * column fields (Pos::print with its origin, src/libutil/position.cc).
 */
function jsonFile(file: unknown, line: unknown, column: unknown): string | null {
  if (typeof file !== 'string' || file === '') return null
  let bare = file
  if (typeof line === 'number') {
    const suffixes = typeof column === 'number' && column > 0 ? [`:${line}:${column}`] : []
    suffixes.push(`:${line}`)
    const suffix = suffixes.find((s) => file.endsWith(s) && file.length > s.length)
    if (suffix) bare = file.slice(0, -suffix.length)
  }
  return noFile.test(bare) ? null : bare
}

/** Splits text output into blocks, each starting at an `error:` or `warning:` line. */
function blocks(text: string): { severity: 'error' | 'warning'; lines: string[] }[] {
  const result: { severity: 'error' | 'warning'; lines: string[] }[] = []
  let open = false
  for (const line of stripAnsi(text).split('\n')) {
    const error = /^error:(.*)$/.exec(line)
    // "evaluation warning:" is builtins.warn in nix 2.23 and newer; "trace: warning:" is lib.warn
    // in nixpkgs before 24.11, through builtins.trace.
    const warning = /^(?:evaluation warning|trace: warning|warning):(.*)$/.exec(line)
    if (error || warning) {
      const severity = error ? 'error' : 'warning'
      result.push({ severity, lines: [(error ?? warning)![1]!.trim()] })
      open = true
    } else if (/^trace: /.test(line)) {
      // Any other builtins.trace output is a program's own print, no diagnostic.
      open = false
    } else if (open) {
      result[result.length - 1]!.lines.push(line)
    }
  }
  return result
}

function parseErrorBlock(lines: string[]): NixDiagnostic {
  // nix 2.8: "error: MSG" then "at FILE:L:C:". Newer nix: a bare "error:" header, "… while …"
  // frames each followed by "at FILE:L:C:", then the innermost "error: MSG" (maybe followed by
  // its own position).
  // The oldest flake-capable nix put the position on the message line itself.
  const inline = /^(.*) at (\S+):(\d+):(\d+)$/.exec(lines[0] ?? '')
  if (inline) {
    return {
      severity: 'error',
      message: inline[1]!.trim(),
      ...position(inline[2]!, inline[3]!, inline[4]!),
      trace: [],
    }
  }
  const frames: NixTraceFrame[] = []
  let message = lines[0] ?? ''
  let primary: NixPosition | null = null
  let lastPosition: NixPosition | null = null
  let pendingFrame: string | null = null
  let afterMessage = message !== ''
  for (const raw of lines.slice(1)) {
    const line = raw.trim()
    const frame = /^… (.*)$/.exec(line)
    const innerError = /^error: (.*)$/.exec(line)
    const at = positionPattern.exec(raw)
    if (frame) {
      pendingFrame = frame[1]!
    } else if (innerError) {
      message = innerError[1]!
      afterMessage = true
      primary = null
    } else if (at) {
      const pos = position(at[1]!, at[2]!, at[3]!)
      lastPosition = pos
      if (pendingFrame !== null) {
        frames.push({ message: pendingFrame, ...pos })
        pendingFrame = null
      } else if (afterMessage && primary === null) {
        primary = pos
      }
    }
  }
  const where = primary ?? lastPosition ?? { file: null, line: null, column: null }
  return { severity: 'error', message: message.trim(), ...where, trace: frames }
}

/** Every error and warning in nix's text output (stderr). */
export function parseNixErrorText(text: string): NixDiagnostic[] {
  return blocks(text).map(({ severity, lines }) => {
    if (severity === 'warning') {
      const at = lines.map((l) => positionPattern.exec(l)).find((m) => m !== null)
      return {
        severity,
        message: lines[0] ?? '',
        ...(at ? position(at[1]!, at[2]!, at[3]!) : { file: null, line: null, column: null }),
        trace: [],
      }
    }
    return parseErrorBlock(lines)
  })
}

interface InternalJsonMessage {
  action: 'msg'
  level: number
  msg?: string
  raw_msg?: string
  file?: string | null
  line?: number | null
  column?: number | null
  trace?: { raw_msg?: string; file?: string | null; line?: number | null; column?: number | null }[]
}

/** A diagnostic from one `@nix {"action":"msg",…}` entry of level error (0) or warning (1). */
export function diagnosticFromLogMessage(entry: InternalJsonMessage): NixDiagnostic | null {
  if (entry.level > 1) return null
  const text = stripAnsi(entry.msg ?? '').trim()
  // nix logs its "(use '--show-trace' …)" advice as a separate error-level message.
  if (/^\(use '--show-trace'/.test(text)) return null
  // Every nix logs builtins.trace at error level ("trace: …"); nixpkgs' lib.warn used it for
  // "trace: warning: …" before 24.11. A warning stays a warning; other traces are no diagnostic.
  const traced = /^trace: ([\s\S]*)$/.exec(text)
  if (traced) {
    const warning = /^warning:\s*([\s\S]*)$/.exec(traced[1]!)
    if (!warning) return null
    const position = { file: null, line: null, column: null }
    return { severity: 'warning', message: warning[1]!.trim(), ...position, trace: [] }
  }
  if (entry.file === undefined && entry.line === undefined) {
    // Older entries carry position only inside the text.
    const parsed = parseNixErrorText(entry.msg ?? '')
    if (parsed[0]) return parsed[0]
  }
  const message = stripAnsi(entry.raw_msg ?? entry.msg ?? '').replace(
    /^(?:error|(?:evaluation )?warning):\s*/,
    '',
  )
  const where = jsonPosition(entry)
  const trace = (entry.trace ?? []).map((t) => ({
    message: stripAnsi(t.raw_msg ?? ''),
    ...jsonPosition(t),
  }))
  if (where.file === null && where.line === null) {
    // Newer nix gives some errors no position of their own ("cannot coerce an integer to a
    // string: 2" in nix 2.26) but prints the frames that lead there in the text: the innermost
    // of them is where the error is.
    const printed = parseNixErrorText(entry.msg ?? '')[0]
    if (printed?.file) {
      return {
        severity: entry.level === 0 ? 'error' : 'warning',
        message: message.trim(),
        file: printed.file,
        line: printed.line,
        column: printed.column,
        trace: trace.length > 0 ? trace : printed.trace,
      }
    }
  }
  return {
    severity: entry.level === 0 ? 'error' : 'warning',
    message: message.trim(),
    ...where,
    trace,
  }
}

/** An entry's position; line 0 is nix's "no position" (newer nix: file "«none»:0"). */
function jsonPosition(entry: {
  file?: string | null
  line?: number | null
  column?: number | null
}): NixPosition {
  const file = jsonFile(entry.file, entry.line, entry.column)
  const line = typeof entry.line === 'number' && entry.line > 0 ? entry.line : null
  const column = line !== null && typeof entry.column === 'number' ? entry.column : null
  return { file, line, column }
}

/** Diagnostics from a whole internal-json log (lines starting with "@nix "). */
export function parseInternalJsonDiagnostics(log: string): NixDiagnostic[] {
  const result: NixDiagnostic[] = []
  for (const line of log.split('\n')) {
    if (!line.startsWith('@nix ')) continue
    let entry: unknown
    try {
      entry = JSON.parse(line.slice(5))
    } catch {
      continue
    }
    if (
      typeof entry === 'object' &&
      entry !== null &&
      (entry as { action?: unknown }).action === 'msg'
    ) {
      const diagnostic = diagnosticFromLogMessage(entry as InternalJsonMessage)
      if (diagnostic) result.push(diagnostic)
    }
  }
  return result
}

const storeSourcePattern = /^\/nix\/store\/[0-9a-df-np-sv-z]{32}-[^/]+\/(.*)$/

/**
 * The repo-relative path of a file nix reported, or null when it is not in the repo. nix copies
 * a flake to /nix/store/<hash>-source/ before evaluating it, so errors point there; `sources`
 * are the store paths known to be this repo's copies (from `nix flake metadata --json`'s
 * "path"). Without them, a store path maps only when the same file exists in the repo
 * (`exists`), which the caller checks.
 */
export function mapToRepo(
  file: string | null,
  repoRoot: string,
  sources: readonly string[],
  exists?: (relative: string) => boolean,
): string | null {
  if (!file) return null
  const root = repoRoot.replace(/\/+$/, '')
  if (file.startsWith(root + '/')) return file.slice(root.length + 1)
  // Newer nix (2.28 on, before copying a flake to the store) names a source by its flake
  // reference: «git+file:///repo?ref=…»/flake.nix, the path relative to the source's top (the
  // git repository, which holds a `?dir=` flake in a folder).
  const byRef = /^«([^»]*)»\/(.*)$/.exec(file)
  if (byRef) {
    const local = /^(?:git\+file|path|file):(?:\/\/)?(\/[^?#]*)/.exec(byRef[1]!)
    if (!local) return null
    const top = decodeURIComponent(local[1]!).replace(/\/+$/, '')
    const absolute = `${top}/${byRef[2]!}`
    return absolute.startsWith(root + '/') ? absolute.slice(root.length + 1) : null
  }
  for (const source of sources) {
    const prefix = source.replace(/\/+$/, '') + '/'
    if (file.startsWith(prefix)) return file.slice(prefix.length)
  }
  if (sources.length === 0 && exists) {
    const match = storeSourcePattern.exec(file)
    if (match && exists(match[1]!)) return match[1]!
  }
  return null
}
