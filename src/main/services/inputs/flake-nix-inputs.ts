// The inputs flake.nix declares, read from its text without nix: the names under `inputs` and
// the formal arguments of `outputs`, the same two lists `nix eval` gives (lock-commands.ts,
// declaredInputsArgs). Reading is the slow part of `flakedeck inputs` when nix has to start
// for it, so the reader asks nix only when the text holds something this cannot read for
// certain (`inherit`, `//`, a computed name, `inputs = import …`, an `outputs` that is not a
// plain function): then it answers null and nix evaluates the file as before.
import { readFlakeStructure, tokenize, type Token } from './flake-nix-edit'

/** `inputs` and `args` as `nix eval` lists them (unsorted), or null when only nix can tell. */
export function readDeclaredInputs(text: string): { inputs: string[]; args: string[] } | null {
  try {
    return readOrNull(text)
  } catch {
    return null // the tokenizer gave up on the syntax; nix says what is wrong
  }
}

const isPunct = (token: Token | undefined, value: string) =>
  token !== undefined && token.kind === 'punct' && token.value === value
const isId = (token: Token | undefined) => token !== undefined && token.kind === 'id'

function readOrNull(text: string): { inputs: string[]; args: string[] } | null {
  const { statements, blocks } = readFlakeStructure(text)
  const top = blocks[0]
  // Anything after the top-level set (`{ … } // other`) may add attributes.
  if (!top || top.close < 0 || tokenize(text.slice(top.close)).length > 0) return null

  const inputs = new Set<string>()
  let outputs: (typeof statements)[number] | null = null
  for (const statement of statements) {
    const [head, name] = statement.path
    if (head === null) return null
    if (head === 'outputs') {
      if (statement.path.length > 1 || outputs) return null
      outputs = statement
    }
    if (head !== 'inputs') continue
    if (statement.path.length === 1 && statement.value === null) return null // inputs = expr
    if (statement.path.length >= 2) {
      if (name === null || name === undefined) return null
      inputs.add(name)
    }
    if (statement.value !== null) {
      const block = blocks[statement.value]!
      // `{ … } // other` or `inherit` inside add names the statements do not show.
      const after = tokenize(text.slice(block.close, statement.end))
      if (after.length !== 1 || !isPunct(after[0], ';')) return null
      if (hasInherit(text, statement.value, block, statements)) return null
    }
  }
  // The top-level set's own `inherit` could bind `inputs` or `outputs`.
  if (hasInherit(text, 0, top, statements)) return null
  if (!outputs) return { inputs: [...inputs], args: [] }
  const args = formalArguments(tokenize(text.slice(outputs.start, outputs.end)))
  return args ? { inputs: [...inputs], args } : null
}

/**
 * Whether the set holds an `inherit` of its own (the reader skips those): one outside every
 * statement written directly in it, since a set holds nothing but statements and inherits.
 */
function hasInherit(
  text: string,
  index: number,
  block: { open: number; close: number },
  statements: { block: number; start: number; end: number }[],
): boolean {
  const own = statements.filter((s) => s.block === index)
  return tokenize(text.slice(block.open, block.close)).some((token) => {
    const at = block.open + token.start
    return isId(token) && token.value === 'inherit' && !own.some((s) => s.start <= at && at < s.end)
  })
}

/** The formals of `outputs = <lambda>;` (its tokens), or null when it is not a plain lambda. */
function formalArguments(tokens: Token[]): string[] | null {
  let i = 2 // past `outputs =`
  if (!isPunct(tokens[1], '=')) return null
  if (isId(tokens[i]) && isPunct(tokens[i + 1], ':')) return [] // outputs = inputs: …
  if (isId(tokens[i]) && isPunct(tokens[i + 1], '@')) i += 2 // inputs@{ … }
  if (!isPunct(tokens[i], '{')) return null
  i++
  const names: string[] = []
  for (;;) {
    const token = tokens[i]
    if (isPunct(token, '}')) break
    if (isPunct(token, '.') && isPunct(tokens[i + 1], '.') && isPunct(tokens[i + 2], '.')) {
      i += 3
      if (!isPunct(tokens[i], '}')) return null
      break
    }
    if (!isId(token)) return null
    names.push(token!.value)
    i++
    if (isPunct(tokens[i], '?')) {
      // A default value: skip to the `,` or `}` that ends it, brackets balanced.
      let depth = 0
      for (i++; i < tokens.length; i++) {
        const t = tokens[i]!
        if (t.kind !== 'punct') continue
        if (t.value === '${' || '{[('.includes(t.value)) depth++
        else if ('}])'.includes(t.value)) {
          if (depth === 0) break
          depth--
        } else if (t.value === ',' && depth === 0) break
      }
    }
    if (isPunct(tokens[i], ',')) i++
    else if (!isPunct(tokens[i], '}')) return null
  }
  i++ // past `}`
  if (isPunct(tokens[i], '@') && isId(tokens[i + 1])) i += 2 // { … }@inputs
  return isPunct(tokens[i], ':') ? names : null
}
