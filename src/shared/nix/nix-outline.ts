// An outline of a Nix file's bindings (`services.openssh = { … };`, `let x = …; in`), nested as
// written, for the editor's outline and breadcrumbs. A tolerant scanner, not a full parser: it
// reads strings, comments and brackets correctly and names every `attrpath =` it finds, so a file
// with a syntax error still gets an outline of what reads well.

export interface NixSymbol {
  /** The attribute path as written: `services.openssh`, `"foo.bar"`. */
  name: string
  /** True when the value opens an attribute set (directly or after a function call). */
  isSet: boolean
  /** 1-based lines and columns; `end` is exclusive (just past the `;`). */
  range: { startLine: number; startColumn: number; endLine: number; endColumn: number }
  /** Where the name is. */
  nameRange: { startLine: number; startColumn: number; endLine: number; endColumn: number }
  children: NixSymbol[]
}

type TokenKind = 'name' | 'string' | 'punct' | 'other'
interface Token {
  kind: TokenKind
  text: string
  line: number
  column: number
  endLine: number
  endColumn: number
}

/** Splits Nix source into the tokens the outline needs; string bodies become one token each. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  let line = 1
  let column = 1
  const advance = (count: number) => {
    for (let k = 0; k < count && i < source.length; k++, i++) {
      if (source[i] === '\n') {
        line++
        column = 1
      } else column++
    }
  }
  const push = (kind: TokenKind, from: number, fromLine: number, fromColumn: number) =>
    tokens.push({
      kind,
      text: source.slice(from, i),
      line: fromLine,
      column: fromColumn,
      endLine: line,
      endColumn: column,
    })
  // Interpolations nest: each entry is the number of open `{` inside the current `${`, and what
  // the `}` that closes it returns to.
  const modes: {
    kind: 'code' | 'string' | 'indented'
    braces: number
    /** Where the string's opening quote was, for its first token. */
    opened?: { at: number; line: number; column: number }
  }[] = [{ kind: 'code', braces: 0 }]
  while (i < source.length) {
    const mode = modes[modes.length - 1]!
    const c = source[i]!
    let startLine = line
    let startColumn = column
    let start = i
    if (mode.kind === 'string' || mode.kind === 'indented') {
      if (mode.opened) {
        ;({ at: start, line: startLine, column: startColumn } = mode.opened)
        mode.opened = undefined
      }
      const close = mode.kind === 'string' ? '"' : "''"
      // Read the string body up to its end or an interpolation.
      while (i < source.length) {
        if (mode.kind === 'string' && source[i] === '\\') advance(2)
        else if (mode.kind === 'indented' && source.startsWith("'''", i)) advance(3)
        else if (mode.kind === 'indented' && /^''[$\\]/.test(source.slice(i, i + 3))) advance(3)
        else if (source.startsWith(close, i)) {
          advance(close.length)
          modes.pop()
          break
        } else if (source.startsWith('${', i)) {
          advance(2)
          modes.push({ kind: 'code', braces: 0 })
          break
        } else advance(1)
      }
      push('string', start, startLine, startColumn)
      continue
    }
    if (/\s/.test(c)) {
      advance(1)
      continue
    }
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') advance(1)
      continue
    }
    if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2)
      advance(end < 0 ? source.length - i : end + 2 - i)
      continue
    }
    if (c === '"' || source.startsWith("''", i)) {
      const opened = { at: i, line, column }
      advance(c === '"' ? 1 : 2)
      modes.push({ kind: c === '"' ? 'string' : 'indented', braces: 0, opened })
      continue
    }
    if (source.startsWith('${', i)) {
      advance(2)
      mode.braces++ // a `${ }` in code (an attribute name) closes like a brace
      push('punct', start, startLine, startColumn)
      tokens[tokens.length - 1]!.text = '{'
      continue
    }
    if (c === '{') {
      if (modes.length > 1) mode.braces++
      advance(1)
      push('punct', start, startLine, startColumn)
      continue
    }
    if (c === '}') {
      advance(1)
      if (modes.length > 1 && mode.braces === 0) {
        modes.pop() // the end of an interpolation: back into the string
        continue
      }
      if (modes.length > 1) mode.braces--
      push('punct', start, startLine, startColumn)
      continue
    }
    const name = /^[a-zA-Z_][a-zA-Z0-9_'-]*/.exec(source.slice(i, i + 256))
    if (name) {
      advance(name[0].length)
      push('name', start, startLine, startColumn)
      continue
    }
    if ('[]();=.,:?@'.includes(c) && !source.startsWith('==', i)) {
      advance(1)
      push('punct', start, startLine, startColumn)
      continue
    }
    // Operators, numbers, paths, URLs: one `other` token per run of non-space characters that
    // is none of the above, so `./a.nix` does not read as `.` `a` `.` `nix`.
    const run = /^[^\s{}[\]();"#]+/.exec(source.slice(i, i + 4096))
    advance(run ? run[0].length : 1)
    push('other', start, startLine, startColumn)
  }
  return tokens
}

interface Frame {
  opener: string // { [ ( let
  /** Bindings opened in this frame and not ended by `;` yet (at most one: the current one). */
  open: NixSymbol | null
}

/** The outline of a Nix file: its bindings, nested as they are in the source. */
export function nixOutline(source: string): NixSymbol[] {
  const tokens = tokenize(source)
  const roots: NixSymbol[] = []
  const frames: Frame[] = [{ opener: 'file', open: null }]
  let statementStart = false
  const parentList = (): NixSymbol[] => {
    for (let f = frames.length - 1; f >= 0; f--) {
      const open = frames[f]!.open
      if (open) return open.children
    }
    return roots
  }
  const end = (symbol: NixSymbol, token: Token | undefined) => {
    symbol.range.endLine = token ? token.endLine : symbol.range.endLine
    symbol.range.endColumn = token ? token.endColumn : symbol.range.endColumn
  }

  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!
    const frame = frames[frames.length - 1]!
    if (statementStart && (token.kind === 'name' || token.kind === 'string')) {
      // An attribute path: name ( . name )* followed by `=` (not `==`).
      let k = t
      const parts: string[] = []
      while (
        tokens[k] &&
        (tokens[k]!.kind === 'name' || tokens[k]!.kind === 'string' || tokens[k]!.text === '{')
      ) {
        if (tokens[k]!.text === '{') break // ${…} names are not followed
        parts.push(tokens[k]!.text)
        if (tokens[k + 1]?.text !== '.') break
        k += 2
      }
      const keyword =
        parts.length === 1 &&
        ['inherit', 'in', 'let', 'rec', 'with', 'assert', 'if'].includes(parts[0]!)
      if (!keyword && parts.length > 0 && tokens[k + 1]?.text === '=') {
        const last = tokens[k]!
        const symbol: NixSymbol = {
          name: parts.join('.'),
          isSet: false,
          range: {
            startLine: token.line,
            startColumn: token.column,
            endLine: last.endLine,
            endColumn: last.endColumn,
          },
          nameRange: {
            startLine: token.line,
            startColumn: token.column,
            endLine: last.endLine,
            endColumn: last.endColumn,
          },
          children: [],
        }
        parentList().push(symbol)
        frame.open = symbol
        statementStart = false
        t = k + 1 // at the `=`
        continue
      }
    }
    statementStart = false
    if (
      token.kind === 'punct' &&
      (token.text === '{' || token.text === '[' || token.text === '(')
    ) {
      if (token.text === '{' && frame.open && frame.open.children.length === 0)
        frame.open.isSet = true
      frames.push({ opener: token.text, open: null })
      statementStart = token.text === '{'
      continue
    }
    if (token.kind === 'name' && token.text === 'let') {
      frames.push({ opener: 'let', open: null })
      statementStart = true
      continue
    }
    if (token.kind === 'name' && token.text === 'in' && frame.opener === 'let') {
      frames.pop()
      continue
    }
    if (
      token.kind === 'punct' &&
      (token.text === '}' || token.text === ']' || token.text === ')')
    ) {
      const want = token.text === '}' ? '{' : token.text === ']' ? '[' : '('
      // Pop to the matching opener (a missing `in` or `;` does not derail the rest).
      const at = frames.map((f) => f.opener).lastIndexOf(want)
      if (at > 0) {
        for (const f of frames.slice(at)) if (f.open) end(f.open, tokens[t - 1])
        frames.length = at
      }
      continue
    }
    if (token.kind === 'punct' && token.text === ';') {
      if (frame.open) {
        end(frame.open, token)
        frame.open = null
      }
      statementStart = frame.opener === '{' || frame.opener === 'let' || frame.opener === 'file'
    }
  }
  for (const f of frames) if (f.open) end(f.open, tokens[tokens.length - 1])
  return roots
}
