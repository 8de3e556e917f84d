// Closures from nix itself: one `nix path-info --json --recursive` over many toplevels, never one
// process per generation, read in both of the shapes nix has printed. The slower source the
// closure cache falls back to when the store's own database cannot answer.
import { dirname, resolve } from 'node:path'
import { AppError } from '../../../shared/app-error'
import type { NixService } from '../nix'
import type { ClosureRequest, FetchedClosure } from './store-database'

interface PathInfo {
  narSize: number
  references: string[]
}

/**
 * The closures of the requested toplevels from one nix call (repeated only to set aside a path
 * nix refuses). Toplevels that cannot be read land in `invalid`.
 */
export async function closuresFromPathInfo(
  nix: Pick<NixService, 'run'>,
  requests: readonly ClosureRequest[],
  invalid: Map<string, string>,
  signal: AbortSignal | undefined,
): Promise<FetchedClosure[]> {
  const infos = await fetchPathInfos(
    nix,
    requests.map((r) => r.toplevel),
    invalid,
    signal,
  )
  const built: FetchedClosure[] = []
  for (const { toplevel, sw } of requests) {
    if (invalid.has(toplevel)) continue
    const closure = closureOf(toplevel, infos)
    if (!closure) {
      invalid.set(toplevel, `nix did not describe ${toplevel}.`)
      continue
    }
    built.push({
      toplevel,
      entries: closure.map((path) => ({ path, narSize: infos.get(path)?.narSize ?? 0 })),
      selected: selectedPaths(toplevel, sw, infos),
    })
  }
  return built
}

/**
 * One `nix path-info --json --recursive` over the given paths. When nix refuses a path as not
 * valid, that path is set aside in `invalid` and the call repeats without it, so one bad
 * generation costs one extra call, not the timeline.
 */
async function fetchPathInfos(
  nix: Pick<NixService, 'run'>,
  paths: readonly string[],
  invalid: Map<string, string>,
  signal: AbortSignal | undefined,
): Promise<Map<string, PathInfo>> {
  let remaining = [...paths]
  while (remaining.length > 0) {
    const result = await nix.run(['path-info', '--json', '--recursive', ...remaining], {
      timeoutMs: 10 * 60_000,
      maxOutput: 1024 * 1024 * 1024,
      ...(signal ? { signal } : {}),
    })
    if (result.code === 0) {
      const storeDir = dirname(remaining[0]!)
      const { infos, missing } = parsePathInfoJson(result.stdout, storeDir)
      for (const path of missing) {
        if (remaining.includes(path)) invalid.set(path, `${path} is not a valid store path.`)
      }
      return infos
    }
    const bad = invalidPathIn(result.stderr)
    if (!bad || !remaining.includes(bad)) {
      throw new AppError('command-failed', 'Nix could not read the closures of the generations.', {
        hint: 'Check that the nix store is healthy ("nix-store --verify") and try again.',
        details: result.stderr.slice(-8000),
      })
    }
    invalid.set(bad, lastLine(result.stderr) || `${bad} is not a valid store path.`)
    remaining = remaining.filter((p) => p !== bad)
  }
  return new Map()
}

/**
 * Reads both shapes of `nix path-info --json`: nix up to 2.18 prints an array of
 * `{path, narSize, references, …}`, newer nix an object keyed by path (with null for a path
 * that is not valid). Store paths given without the store directory get `storeDir`.
 */
export function parsePathInfoJson(
  text: string,
  storeDir: string,
): { infos: Map<string, PathInfo>; missing: string[] } {
  const data: unknown = JSON.parse(text)
  const infos = new Map<string, PathInfo>()
  const missing: string[] = []
  const full = (path: string) => (path.startsWith('/') ? path : resolve(storeDir, path))
  const add = (path: string, value: unknown) => {
    const info = value as { narSize?: unknown; references?: unknown; valid?: unknown } | null
    if (!info || typeof info !== 'object' || info.valid === false) {
      missing.push(full(path))
      return
    }
    const references = Array.isArray(info.references)
      ? info.references.filter((r): r is string => typeof r === 'string').map(full)
      : []
    infos.set(full(path), {
      narSize: typeof info.narSize === 'number' ? info.narSize : 0,
      references,
    })
  }
  if (Array.isArray(data)) {
    for (const item of data) {
      const path = (item as { path?: unknown } | null)?.path
      if (typeof path === 'string') add(path, item)
    }
  } else if (data && typeof data === 'object') {
    for (const [path, value] of Object.entries(data)) add(path, value)
  }
  return { infos, missing }
}

/** Every path reachable from `toplevel` through references, or null if nix did not list it. */
function closureOf(toplevel: string, infos: ReadonlyMap<string, PathInfo>): string[] | null {
  if (!infos.has(toplevel)) return null
  const seen = new Set<string>([toplevel])
  const stack = [toplevel]
  while (stack.length > 0) {
    const info = infos.get(stack.pop()!)
    if (!info) continue
    for (const reference of info.references) {
      if (!seen.has(reference)) {
        seen.add(reference)
        stack.push(reference)
      }
    }
  }
  return [...seen]
}

/**
 * The packages a user chose: NixOS links `<toplevel>/sw` to the system path, whose references
 * are `environment.systemPackages`. Without `sw` (a plain profile such as a user environment) the
 * toplevel's own references are the chosen packages.
 */
function selectedPaths(
  toplevel: string,
  swPath: string | null,
  infos: ReadonlyMap<string, PathInfo>,
): string[] {
  const owner = swPath && infos.has(swPath) ? swPath : toplevel
  return (infos.get(owner)?.references ?? []).filter((path) => path !== owner)
}

/** The path nix names in "path '…' is not valid" (nix 2.8 and 2.26 word it alike). */
export function invalidPathIn(stderr: string): string | null {
  return /path '([^']+)' is not valid/.exec(withoutAnsi(stderr))?.[1] ?? null
}

function lastLine(text: string): string {
  return withoutAnsi(text).trim().split('\n').slice(-1)[0]?.trim() ?? ''
}

function withoutAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
}
