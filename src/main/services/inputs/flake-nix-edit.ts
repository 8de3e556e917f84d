// Writes a chosen url into flake.nix without reformatting anything else: a small Nix tokenizer
// finds the bindings of the top-level attribute set (`inputs.NAME.url = "…";`, `inputs = {
// NAME.url = …; NAME = { url = …; }; }`) and only the string literal of the url is replaced.
// When the url is not one plain string, or there is no such binding, it says so and changes
// nothing rather than guess.
// Longer than most rooms because the tokenizer and the binding map it builds are one piece: the
// url edit here and the follows edit (flake-nix-follows.ts) both stand on them.

export type FlakeNixEdit =
  { ok: true; text: string; previousUrl: string } | { ok: false; reason: string }

type TokenKind = 'id' | 'string' | 'uri' | 'punct' | 'other'
import { messageOf } from '../../../shared/errors'

export interface Token {
  kind: TokenKind
  start: number
  end: number
  /** Identifier text, punctuation, or the value of a string without interpolation. */
  value: string
  /** A string with `${…}` inside cannot be read as a constant. */
  interpolated?: boolean
}

class NixSyntaxError extends Error {}

const identStart = /[A-Za-z_]/
const identChar = /[A-Za-z0-9_'-]/
const uriPattern = /^[a-zA-Z][a-zA-Z0-9+.-]*:[a-zA-Z0-9%/?:@&=+$,_.!~*'-]+/

export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0

  const skipInterpolation = (from: number): number => {
    // `from` is just past `${`; scan tokens until the brace that closes it.
    let depth = 1
    let j = from
    while (j < text.length) {
      const next = lexOne(j)
      if (!next) return text.length
      j = next.end
      const punct = next.token?.kind === 'punct' ? next.token.value : null
      if (punct === '{' || punct === '${') depth++
      else if (punct === '}') {
        depth--
        if (depth === 0) return j
      }
    }
    throw new NixSyntaxError('unterminated ${ … }')
  }

  const lexString = (start: number): Token => {
    let j = start + 1
    let value = ''
    let interpolated = false
    while (j < text.length) {
      const c = text[j]
      if (c === '"') return { kind: 'string', start, end: j + 1, value, interpolated }
      if (c === '\\') {
        const escaped = text[j + 1] ?? ''
        value += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped === 'r' ? '\r' : escaped
        j += 2
      } else if (c === '$' && text[j + 1] === '{') {
        interpolated = true
        j = skipInterpolation(j + 2)
      } else if (c === '$' && text[j + 1] === '$') {
        value += '$$'
        j += 2
      } else {
        value += c
        j++
      }
    }
    throw new NixSyntaxError('unterminated string')
  }

  const lexIndentedString = (start: number): Token => {
    let j = start + 2
    let value = ''
    let interpolated = false
    while (j < text.length) {
      if (text.startsWith("''", j)) {
        const after = text[j + 2]
        if (after === "'") {
          value += "''"
          j += 3
        } else if (after === '$') {
          value += '$'
          j += 3
        } else if (after === '\\') {
          value += text[j + 3] ?? ''
          j += 4
        } else {
          return { kind: 'string', start, end: j + 2, value, interpolated }
        }
      } else if (text[j] === '$' && text[j + 1] === '{') {
        interpolated = true
        j = skipInterpolation(j + 2)
      } else {
        value += text[j]
        j++
      }
    }
    throw new NixSyntaxError("unterminated ''string''")
  }

  /** One token (or skipped space/comment) starting at `at`. */
  function lexOne(at: number): { end: number; token?: Token } | null {
    if (at >= text.length) return null
    const c = text[at]!
    if (/\s/.test(c)) return { end: at + 1 }
    if (c === '#') {
      const nl = text.indexOf('\n', at)
      return { end: nl < 0 ? text.length : nl + 1 }
    }
    if (c === '/' && text[at + 1] === '*') {
      const close = text.indexOf('*/', at + 2)
      if (close < 0) throw new NixSyntaxError('unterminated comment')
      return { end: close + 2 }
    }
    if (c === '"') {
      const token = lexString(at)
      return { end: token.end, token }
    }
    if (c === "'" && text[at + 1] === "'") {
      const token = lexIndentedString(at)
      return { end: token.end, token }
    }
    if (c === '$' && text[at + 1] === '{') {
      return { end: at + 2, token: { kind: 'punct', start: at, end: at + 2, value: '${' } }
    }
    const uri = uriPattern.exec(text.slice(at, at + 4096))
    if (uri && identStart.test(c)) {
      const end = at + uri[0].length
      return { end, token: { kind: 'uri', start: at, end, value: uri[0] } }
    }
    if (identStart.test(c)) {
      let j = at + 1
      while (j < text.length && identChar.test(text[j]!)) j++
      return { end: j, token: { kind: 'id', start: at, end: j, value: text.slice(at, j) } }
    }
    if ('{}[]();=.,:@?'.includes(c)) {
      return { end: at + 1, token: { kind: 'punct', start: at, end: at + 1, value: c } }
    }
    return { end: at + 1, token: { kind: 'other', start: at, end: at + 1, value: c } }
  }

  while (i < text.length) {
    const next = lexOne(i)
    if (!next) break
    if (next.token) tokens.push(next.token)
    i = next.end
  }
  return tokens
}

export interface Binding {
  path: (string | null)[]
  /** The value when it is a single string or URI token; null for any other expression. */
  value: Token | null
}

/** One `path = value;` as written, where it sits in the text, and the set it belongs to. */
export interface Statement {
  /** The full path from the top-level set: the enclosing sets' paths, then the written one. */
  path: (string | null)[]
  /** How many elements of `path` the enclosing sets give (the rest is written here). */
  inherited: number
  /** Offset of the statement's first character, and just past its `;`. */
  start: number
  end: number
  /** The set the statement is written in (an index into `blocks`). */
  block: number
  /** The set literal its value is, when it is one (an index into `blocks`). */
  value: number | null
}

/** An attribute set literal: the top-level one (index 0) and each `{ … }` bound inside it. */
export interface Block {
  path: (string | null)[]
  /** Offsets of its `{` and just past its `}`. */
  open: number
  close: number
}

class BindingReader {
  private pos = 0
  readonly bindings: Binding[] = []
  readonly statements: Statement[] = []
  readonly blocks: Block[] = []

  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset]
  }

  private is(value: string, offset = 0): boolean {
    const token = this.peek(offset)
    return token !== undefined && token.kind !== 'string' && token.value === value
  }

  private expect(value: string): void {
    if (!this.is(value)) throw new NixSyntaxError(`expected "${value}"`)
    this.pos++
  }

  /** Index just past the bracket that closes the one at `from`. */
  private matchingClose(from: number): number {
    let depth = 0
    for (let j = from; j < this.tokens.length; j++) {
      const token = this.tokens[j]!
      if (token.kind !== 'punct') continue
      if (token.value === '${' || '{[('.includes(token.value)) depth++
      else if ('}])'.includes(token.value)) {
        depth--
        if (depth === 0) return j + 1
      }
    }
    throw new NixSyntaxError('unbalanced brackets')
  }

  /** Skips one expression up to (not including) its `;` or the bracket that closes around it. */
  private skipExpression(): void {
    // `let … in`, `with …;` and `assert …;` hold `;`s of their own at this depth.
    const open: ('let' | 'with')[] = []
    while (this.pos < this.tokens.length) {
      const token = this.peek()!
      if (token.kind === 'punct' && (token.value === '${' || '{[('.includes(token.value))) {
        this.pos = this.matchingClose(this.pos)
        continue
      }
      if (token.kind === 'id' && token.value === 'let') open.push('let')
      else if (token.kind === 'id' && (token.value === 'with' || token.value === 'assert')) {
        open.push('with')
      } else if (token.kind === 'id' && token.value === 'in' && open.at(-1) === 'let') open.pop()
      else if (token.kind === 'punct' && token.value === ';') {
        if (open.length === 0) return
        if (open.at(-1) === 'with') open.pop()
      } else if (token.kind === 'punct' && '}])'.includes(token.value)) return
      this.pos++
    }
  }

  private attrName(): string | null {
    const token = this.peek()
    if (!token) throw new NixSyntaxError('unexpected end of file')
    if (token.kind === 'id' || token.kind === 'uri') {
      this.pos++
      return token.value
    }
    if (token.kind === 'string') {
      this.pos++
      return token.interpolated ? null : token.value
    }
    if (this.is('${')) {
      this.pos = this.matchingClose(this.pos)
      return null
    }
    throw new NixSyntaxError(`unexpected "${token.value}" where an attribute name belongs`)
  }

  /** The bindings of the top-level attribute set; a `let … in` before it is allowed. */
  readFlake(): Binding[] {
    if (this.is('let')) {
      this.pos++
      this.readBindings(['<let>'], 'in', -1)
    }
    if (!this.is('{'))
      throw new NixSyntaxError('flake.nix does not hold an attribute set at the top')
    this.blocks.push({ path: [], open: this.peek()!.start, close: -1 })
    this.pos++
    this.readBindings([], '}', 0)
    return this.bindings.filter((binding) => binding.path[0] !== '<let>')
  }

  /** Reads `path = value;` bindings until `}` (or `in` for a top-level let). */
  readBindings(prefix: (string | null)[], until: '}' | 'in', block: number): void {
    for (;;) {
      const token = this.peek()
      if (!token) throw new NixSyntaxError('unexpected end of file')
      if (this.is(until)) {
        if (block >= 0) this.blocks[block]!.close = token.end
        this.pos++
        return
      }
      if (token.kind === 'id' && token.value === 'inherit') {
        while (this.pos < this.tokens.length && !this.is(';')) this.pos++
        this.expect(';')
        continue
      }
      const path = [...prefix]
      path.push(this.attrName())
      while (this.is('.')) {
        this.pos++
        path.push(this.attrName())
      }
      this.expect('=')
      const value = this.readValue(path)
      const end = this.peek()?.end ?? token.start
      this.expect(';')
      if (block >= 0) {
        this.statements.push({
          path,
          inherited: prefix.length,
          start: token.start,
          end,
          block,
          value,
        })
      }
    }
  }

  /** Reads a binding's value; returns the block it is, when it is an attribute set literal. */
  private readValue(path: (string | null)[]): number | null {
    const token = this.peek()
    if (!token) throw new NixSyntaxError('unexpected end of file')
    const opensSet = this.is('{') ? 0 : this.is('rec') && this.is('{', 1) ? 1 : -1
    if (opensSet >= 0) {
      const close = this.matchingClose(this.pos + opensSet)
      const after = this.tokens[close]
      const isLambda = after?.kind === 'punct' && (after.value === ':' || after.value === '@')
      if (!isLambda) {
        const block = this.blocks.length
        this.blocks.push({ path, open: this.peek(opensSet)!.start, close: -1 })
        this.pos += opensSet + 1
        this.readBindings(path, '}', block)
        if (!this.is(';')) this.skipExpression() // `{ … } // other`
        return block
      }
    }
    const next = this.peek(1)
    const single =
      (token.kind === 'string' || token.kind === 'uri') &&
      next?.kind === 'punct' &&
      next.value === ';'
    this.bindings.push({ path, value: single ? token : null })
    if (single) this.pos++
    else this.skipExpression()
    return null
  }
}

function readTopLevelBindings(text: string): Binding[] {
  return new BindingReader(tokenize(text)).readFlake()
}

/** The top-level set of flake.nix as written: leaf bindings, every statement and set literal. */
export function readFlakeStructure(text: string): {
  bindings: Binding[]
  statements: Statement[]
  blocks: Block[]
} {
  const reader = new BindingReader(tokenize(text))
  const bindings = reader.readFlake()
  return { bindings, statements: reader.statements, blocks: reader.blocks }
}

export function nixString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '\\${')}"`
}

/** Returns flake.nix with input `name`'s url set to `url`, or why that cannot be done safely. */
export function setInputUrl(text: string, name: string, url: string): FlakeNixEdit {
  let bindings: Binding[]
  try {
    bindings = readTopLevelBindings(text)
  } catch (error) {
    const why = messageOf(error)
    return { ok: false, reason: `flake.nix could not be read (${why}); edit the url by hand.` }
  }
  const underInput = bindings.filter((b) => b.path[0] === 'inputs' && b.path[1] === name)
  const urlBindings = underInput.filter((b) => b.path.length === 3 && b.path[2] === 'url')
  if (urlBindings.length > 1) {
    return {
      ok: false,
      reason: `flake.nix sets the url of input "${name}" more than once; edit it by hand.`,
    }
  }
  const binding = urlBindings[0]
  if (!binding) {
    const reason =
      underInput.length === 0
        ? `flake.nix declares no input "${name}" in a form Flakedeck can edit (inputs.${name}.url = "…").`
        : `flake.nix gives input "${name}" no url Flakedeck can edit (it may use type/owner/repo attributes or a computed value).`
    return { ok: false, reason }
  }
  const value = binding.value
  if (!value || value.interpolated) {
    return {
      ok: false,
      reason: `The url of input "${name}" in flake.nix is computed, not a plain string; edit it by hand.`,
    }
  }
  const next = text.slice(0, value.start) + nixString(url) + text.slice(value.end)
  return { ok: true, text: next, previousUrl: value.value }
}

/** The url flake.nix gives input `name`, when it is one plain string; null otherwise. */
export function readInputUrl(text: string, name: string): string | null {
  try {
    const binding = readTopLevelBindings(text).find(
      (b) =>
        b.path.length === 3 && b.path[0] === 'inputs' && b.path[1] === name && b.path[2] === 'url',
    )
    return binding?.value && !binding.value.interpolated ? binding.value.value : null
  } catch {
    return null
  }
}
