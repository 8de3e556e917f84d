// Adds `inputs.<dep>.follows = "<target>";` to one input of flake.nix as a careful text edit:
// the new line goes beside the input's own lines (after its last one, at its indentation, in
// the form it is written: `home-manager.url = …;` gets `home-manager.inputs.nixpkgs.follows`,
// `home-manager = { url = …; };` gets `inputs.nixpkgs.follows` inside the braces), an existing
// follows of that dependency has only its string replaced, and nothing else of the file moves.
// A shape it cannot edit safely (computed names or values, the dependency given a url of its
// own) is refused with the line to add by hand.
import { nixString, readFlakeStructure, type Block, type Statement } from './flake-nix-edit'
import { messageOf } from '../../../shared/errors'

export type FollowsEdit =
  { ok: true; text: string; line: string } | { ok: false; reason: string; line: string }

const plainAttr = /^[A-Za-z_][A-Za-z0-9_'-]*$/

/** An attribute name as Nix needs it written: bare when it can be, else quoted. */
function attrText(name: string): string {
  return plainAttr.test(name) ? name : nixString(name)
}

function pathText(path: readonly string[]): string {
  return path.map(attrText).join('.')
}

/** `["home-manager", "nixpkgs"]` → `inputs home-manager inputs nixpkgs follows`. */
function followsPath(input: readonly string[]): string[] {
  return [...input.flatMap((name) => ['inputs', name]), 'follows']
}

function startsWith(path: readonly (string | null)[], prefix: readonly (string | null)[]): boolean {
  return prefix.length <= path.length && prefix.every((name, i) => path[i] === name)
}

/** Where a statement's line starts, and whether only spaces stand before it there. */
function lineStartOf(text: string, at: number): { start: number; indent: string | null } {
  const start = text.lastIndexOf('\n', at - 1) + 1
  const before = text.slice(start, at)
  return { start, indent: /^[ \t]*$/.test(before) ? before : null }
}

/**
 * The text with `binding` inserted after the statement: on a line of its own at the
 * statement's indentation when the statement starts its line (after a trailing `# comment`,
 * which stays with the line it was on), else right after its `;`.
 */
function insertAfter(text: string, statement: Statement, binding: string): string {
  const { indent } = lineStartOf(text, statement.start)
  const newline = text.includes('\r\n') ? '\r\n' : '\n'
  let lineEnd = text.indexOf('\n', statement.end)
  if (lineEnd < 0) lineEnd = text.length
  if (lineEnd > 0 && text[lineEnd - 1] === '\r') lineEnd--
  const rest = text.slice(statement.end, lineEnd)
  if (indent !== null && /^[ \t]*(#.*)?$/.test(rest)) {
    return text.slice(0, lineEnd) + newline + indent + binding + text.slice(lineEnd)
  }
  return text.slice(0, statement.end) + ' ' + binding + text.slice(statement.end)
}

/**
 * flake.nix with input `input[0]`'s dependency `input.slice(1)` following `target` (a follows
 * path such as `nixpkgs`), or why it cannot be edited safely, with the line to add by hand.
 */
export function addInputFollows(
  text: string,
  input: readonly string[],
  target: string,
): FollowsEdit {
  const [name] = input
  const full = followsPath(input)
  const line = `${pathText(full)} = ${nixString(target)};`
  const refuse = (why: string): FollowsEdit => ({
    ok: false,
    reason: `${why} Add this line to flake.nix by hand: ${line}`,
    line,
  })
  if (!name || input.length < 2) {
    return refuse(`"${input.join('/')}" is not an input of one of the flake's inputs.`)
  }
  let structure: ReturnType<typeof readFlakeStructure>
  try {
    structure = readFlakeStructure(text)
  } catch (error) {
    const why = messageOf(error)
    return refuse(`flake.nix could not be read (${why}).`)
  }
  const { bindings, statements, blocks } = structure
  const own = ['inputs', name]

  // A computed name (`"${x}" = …`) among the inputs could be this input: nothing is certain.
  const computed = statements.some(
    (s) => s.path[0] === 'inputs' && s.path.some((part, i) => part === null && i < full.length),
  )
  if (computed) return refuse('flake.nix names its inputs with computed attribute names.')

  const declaring = statements.filter((s) => startsWith(s.path, own))
  if (declaring.length === 0) {
    return refuse(`flake.nix declares no input "${name}" in a form Flakedeck can edit.`)
  }
  // `inputs.home-manager = import ./hm.nix;` or `inputs.home-manager.inputs = x;`: not text.
  const opaque = statements.find(
    (s) => s.value === null && s.path.length < full.length && startsWith(full, s.path),
  )
  if (opaque) {
    return refuse(`flake.nix gives "${pathText(opaque.path as string[])}" a computed value.`)
  }
  const dependency = full.slice(0, -1)
  const others = bindings.filter(
    (b) =>
      startsWith(b.path, dependency) &&
      b.path.length > dependency.length &&
      b.path.at(-1) !== 'follows',
  )
  if (others.length > 0) {
    const what = others.map((b) => b.path.at(-1)).join(', ')
    return refuse(
      `flake.nix already sets ${what} of "${input.join('/')}"; a follows beside it is ambiguous.`,
    )
  }

  const existing = bindings.filter((b) => b.path.length === full.length && startsWith(b.path, full))
  if (existing.length > 1) return refuse(`flake.nix says what "${input.join('/')}" follows twice.`)
  const current = existing[0]
  if (current) {
    const value = current.value
    if (!value || value.interpolated || value.kind !== 'string') {
      return refuse(`What "${input.join('/')}" follows in flake.nix is computed.`)
    }
    const next = text.slice(0, value.start) + nixString(target) + text.slice(value.end)
    return { ok: true, text: next, line }
  }

  // The deepest set literal along the path that holds this input's own lines: the new line
  // goes in it, after the last of them, written relative to it.
  const holds = (index: number, block: Block) =>
    startsWith(full, block.path) &&
    block.path.length < full.length &&
    declaring.some((s) => s.block === index || isInside(blocks, s.block, index))
  let chosen = -1
  blocks.forEach((block, index) => {
    if (!holds(index, block)) return
    if (chosen < 0 || block.path.length >= blocks[chosen]!.path.length) chosen = index
  })
  const block = blocks[chosen]
  // A line of this input written directly in that set (`inputs.x.url = …;`, `x = { … };`, or
  // any line of the input's own set).
  const after = statements.filter((s) => s.block === chosen && startsWith(s.path, own)).at(-1)
  if (!block || !after) {
    return refuse(`flake.nix declares input "${name}" in a shape Flakedeck cannot edit.`)
  }
  const binding = `${pathText(full.slice(block.path.length))} = ${nixString(target)};`
  return { ok: true, text: insertAfter(text, after, binding), line }
}

/** Whether set `inner` lies (at any depth) inside set `outer`. */
function isInside(blocks: readonly Block[], inner: number, outer: number): boolean {
  const a = blocks[inner]
  const b = blocks[outer]
  return (
    a !== undefined && b !== undefined && inner !== outer && a.open > b.open && a.close <= b.close
  )
}
