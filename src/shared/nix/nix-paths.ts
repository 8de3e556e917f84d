// Relative path literals in Nix source (`./hardware.nix`, `../modules/x.nix`, `./hosts/a`) and
// the repo file each one names, for go-to-file from the editor. A folder means its default.nix,
// as `import` and `imports` read it.

export interface PathLiteral {
  /** The literal as written, e.g. `../modules/x.nix`. */
  text: string
  /** 0-based start and end (exclusive) in the line. */
  start: number
  end: number
}

// As Nix's lexer reads a path: optional ./ or ../ start, then segments of these characters.
const pathLiteral = /(?<![\w./+-])\.{1,2}(\/[a-zA-Z0-9._+-]+)+\/?/g

/** Relative path literals in one line of Nix, skipping any after a `#` comment start. */
export function pathLiterals(line: string): PathLiteral[] {
  const found: PathLiteral[] = []
  for (const match of line.matchAll(pathLiteral)) {
    const start = match.index
    // Inside a string or after a comment it is text, not a path. Counting quotes before it is
    // enough for one line; a path inside '' strings spanning lines may be linked, harmlessly.
    const before = line.slice(0, start)
    if (before.includes('#') && /(^|\s)#/.test(before)) break
    if ((before.match(/(?<!\\)"/g)?.length ?? 0) % 2 === 1) continue
    found.push({ text: match[0], start, end: start + match[0].length })
  }
  return found
}

/** The literal under a 0-based column, if any. */
export function pathLiteralAt(line: string, column: number): PathLiteral | null {
  return pathLiterals(line).find((p) => column >= p.start && column <= p.end) ?? null
}

/** `a/b/../c` → `a/c`; null when it climbs out of the repo. */
function normalise(path: string): string | null {
  const parts: string[] = []
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (parts.length === 0) return null
      parts.pop()
    } else parts.push(part)
  }
  return parts.join('/')
}

/**
 * The repo file a literal in `fromFile` names: the file itself, or a folder's default.nix; null
 * when the repo has neither (or the path leaves the repo).
 */
export function resolvePathLiteral(
  fromFile: string,
  literal: string,
  files: ReadonlySet<string>,
): string | null {
  const folder = fromFile.includes('/') ? fromFile.slice(0, fromFile.lastIndexOf('/')) : ''
  const target = normalise(`${folder}/${literal}`)
  if (target === null) return null
  if (target === '') return files.has('default.nix') ? 'default.nix' : null
  if (files.has(target)) return target
  const inFolder = `${target}/default.nix`
  return files.has(inFolder) ? inFolder : null
}
