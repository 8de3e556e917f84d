// Package name, version and output from a store path's name, the way nix reads derivation names
// (DrvName in libstore/names.cc): the version starts at the first dash that is followed by
// something other than a letter. Two deliberate additions to nix's reading:
// - a trailing output name (`vim-9.1.0-man`, `linux-6.6.30-modules`) is folded into its package,
//   as `nix store diff-closures` does, but only for known output names, so a version such as
//   `2.0-beta` keeps its suffix;
// - nixpkgs' `foo-unstable-2024-05-01` is package `foo` at version `unstable-2024-05-01` (nix
//   would say `foo-unstable` at `2024-05-01`), so a move from an unstable snapshot to a release
//   reads as an upgrade of one package.

export interface StorePathName {
  /** The 32-character hash, or null when given a bare name. */
  hash: string | null
  /** The name after the hash, as in the store: `vim-9.1.0-man`. */
  fullName: string
  /** The package name: `vim`. */
  name: string
  /** The version, or '' when the name has none: `9.1.0`. */
  version: string
  /** The output folded away (`man`, `modules-shrunk`), or 'out'. */
  output: string
}

/**
 * Output names nixpkgs uses, folded when they end a name. `shrunk` appears as
 * `linux-6.6.30-modules-shrunk`.
 */
const outputNames: ReadonlySet<string> = new Set([
  'out',
  'bin',
  'sbin',
  'dev',
  'lib',
  'lib32',
  'lib64',
  'libexec',
  'man',
  'devman',
  'doc',
  'devdoc',
  'info',
  'static',
  'debug',
  'modules',
  'shrunk',
  'dist',
  'py',
  'python',
  'scripts',
  'hook',
  'tests',
  'installedTests',
  'terminfo',
  'headers',
  'gir',
  'locale',
  'udev',
])

/** At most this many trailing outputs are folded (`-modules-shrunk`). */
const maxFoldedOutputs = 2

const defaultStorePrefix = '/nix/store/'
const dash = 0x2d

/** Whether the 32 characters at `start` are nix base-32 (0-9 and a-z without e, o, t, u). */
function isHashAt(text: string, start: number): boolean {
  for (let i = start; i < start + 32; i++) {
    const c = text.charCodeAt(i)
    const digit = c >= 0x30 && c <= 0x39
    const letter = c >= 0x61 && c <= 0x7a && c !== 0x65 && c !== 0x6f && c !== 0x74 && c !== 0x75
    if (!digit && !letter) return false
  }
  return true
}

/** The first path segment of the form `<hash>-<name>`. */
const hashedSegment = /(?:^|\/)([0-9a-df-np-sv-z]{32})-([^/]+)/

/** The name part of a store path: the component after the store directory, hash removed. */
export function storePathBaseName(pathOrName: string): { hash: string | null; fullName: string } {
  // The common case without a regular expression: `/nix/store/<hash>-<name>[/…]`.
  if (pathOrName.startsWith(defaultStorePrefix)) {
    const start = defaultStorePrefix.length
    if (pathOrName.charCodeAt(start + 32) === dash && isHashAt(pathOrName, start)) {
      const slash = pathOrName.indexOf('/', start + 33)
      const fullName = pathOrName.slice(start + 33, slash === -1 ? undefined : slash)
      if (fullName.length > 0) return { hash: pathOrName.slice(start, start + 32), fullName }
    }
  }
  // `/nix/store/<hash>-<name>/bin/foo`: the first segment with a hash names the store path.
  const match = hashedSegment.exec(pathOrName)
  if (match) return { hash: match[1]!, fullName: match[2]! }
  const segments = pathOrName.split('/').filter((s) => s.length > 0)
  return { hash: null, fullName: segments[segments.length - 1] ?? pathOrName }
}

/** Splits like nix's DrvName: name up to the first dash not followed by a letter. */
export function splitDrvName(fullName: string): { name: string; version: string } {
  for (let i = 0; i + 1 < fullName.length; i++) {
    if (fullName.charCodeAt(i) === dash && !isAsciiLetter(fullName.charCodeAt(i + 1))) {
      return { name: fullName.slice(0, i), version: fullName.slice(i + 1) }
    }
  }
  return { name: fullName, version: '' }
}

export function parseStorePathName(pathOrName: string): StorePathName {
  const { hash, fullName } = storePathBaseName(pathOrName)
  let rest = fullName
  const outputs: string[] = []
  for (let n = 0; n < maxFoldedOutputs; n++) {
    const dash = rest.lastIndexOf('-')
    if (dash <= 0) break
    const suffix = rest.slice(dash + 1)
    if (!outputNames.has(suffix)) break
    outputs.unshift(suffix)
    rest = rest.slice(0, dash)
  }
  let { name, version } = splitDrvName(rest)
  if (version !== '' && name.endsWith('-unstable') && name.length > '-unstable'.length) {
    name = name.slice(0, -'-unstable'.length)
    version = `unstable-${version}`
  }
  return { hash, fullName, name, version, output: outputs.length ? outputs.join('-') : 'out' }
}

/** By character code: a one-character string per position costs more than the split itself. */
function isAsciiLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)
}
