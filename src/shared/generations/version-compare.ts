// Nix's version ordering (`compareVersions` in libstore/names.cc), so "upgraded" and "downgraded"
// here agree with `nix-env -u` and `builtins.compareVersions`.

/**
 * Splits a version into nix's components: runs of digits, or runs of other characters, with
 * `.` and `-` as separators that never appear in a component.
 */
export function versionComponents(version: string): string[] {
  const parts: string[] = []
  let i = 0
  while (i < version.length) {
    const c = version[i]!
    if (c === '.' || c === '-') {
      i++
      continue
    }
    const start = i
    if (isDigit(c)) {
      while (i < version.length && isDigit(version[i]!)) i++
    } else {
      while (i < version.length && !isDigit(version[i]!) && !isSeparator(version[i]!)) i++
    }
    parts.push(version.slice(start, i))
  }
  return parts
}

/** -1, 0 or 1 as `a` is older than, the same as, or newer than `b`. */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  const ca = versionComponents(a)
  const cb = versionComponents(b)
  const n = Math.max(ca.length, cb.length)
  for (let i = 0; i < n; i++) {
    // A missing component is the empty string, as in nix's nextComponent at the end.
    const x = ca[i] ?? ''
    const y = cb[i] ?? ''
    if (componentLess(x, y)) return -1
    if (componentLess(y, x)) return 1
  }
  return 0
}

/** Nix's componentsLT: numbers by value; "" before a number; "pre" before anything else. */
function componentLess(a: string, b: string): boolean {
  const an = isNumber(a)
  const bn = isNumber(b)
  if (an && bn) return compareDigits(a, b) < 0
  if (a === '' && bn) return true
  if (a === 'pre' && b !== 'pre') return true
  if (b === 'pre') return false
  // A string sorts before a number: 2.3a < 2.3.1.
  if (bn) return true
  if (an) return false
  return a < b
}

/**
 * Compares digit runs by value without parsing them, so date-like and very long numbers stay
 * exact (nix 2.8 parses into an int and treats overflowing runs as strings; such versions are
 * not seen in practice).
 */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+/, '')
  const y = b.replace(/^0+/, '')
  if (x.length !== y.length) return x.length - y.length
  return x < y ? -1 : x > y ? 1 : 0
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9'
}

function isSeparator(c: string): boolean {
  return c === '.' || c === '-'
}

function isNumber(component: string): boolean {
  return component.length > 0 && isDigit(component[0]!)
}

/** Sorts versions oldest first, by nix's ordering (ties by text, so the order is stable). */
export function sortVersions(versions: Iterable<string>): string[] {
  return [...versions].sort((a, b) => compareVersions(a, b) || (a < b ? -1 : a > b ? 1 : 0))
}

/** The newest of the versions by nix's ordering, or null for none. */
export function newestVersion(versions: Iterable<string>): string | null {
  let best: string | null = null
  for (const v of versions) if (best === null || compareVersions(v, best) > 0) best = v
  return best
}
