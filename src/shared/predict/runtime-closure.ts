// Which store paths a system will hold at run time, known before it is built. A derivation's
// closure holds everything that builds the system; its runtime closure is the part the outputs
// keep a reference to, which nix learns by scanning the built outputs. So:
// - where an output is already valid, the store's real references are used (exact);
// - otherwise an output may refer to what its derivation hands the builder in the environment,
//   except in variables that by nixpkgs' conventions only serve the build (nativeBuildInputs,
//   src, patches, stdenv…) and except the builder and its arguments, plus the C library of the
//   compiler wrapper its stdenv holds (nixpkgs' cc-wrapper names it `libc_lib`): a guess, marked unsure
//   unless the derivation only assembles the system (the toplevel and its system path, whose
//   job is to refer to their inputs).
import type { Derivation, DerivationGraph } from './derivation-graph'
import { producers } from './derivation-graph'

/** Environment variables whose paths are build tools, sources or build settings. */
const buildOnlyVariables: ReadonlySet<string> = new Set([
  'nativeBuildInputs',
  'propagatedNativeBuildInputs',
  'depsBuildBuild',
  'depsBuildBuildPropagated',
  'depsBuildTarget',
  'depsBuildTargetPropagated',
  'nativeCheckInputs',
  'checkInputs',
  'nativeInstallCheckInputs',
  'installCheckInputs',
  'stdenv',
  'builder',
  'src',
  'srcs',
  'patches',
  'shell',
  'realBuilder',
  'initialPath',
  'defaultNativeBuildInputs',
  'setup',
  'preferLocalBuild',
])

/** Names of the derivations that only assemble a system out of its parts. */
const assemblyNames = /^(nixos-system-|system-path$|home-manager-path$|home-manager-generation$)/

export interface RuntimeClosure {
  /** Every path predicted to be in the system, with whether that is sure. */
  paths: Map<string, { sure: boolean }>
  /** The packages the user chose: the system path's runtime inputs (or the toplevel's). */
  selected: Set<string>
  /** Derivations with an output in the system. */
  systemDrvs: Set<string>
}

export interface StoreFacts {
  /** Real references of valid paths (a path absent here is not built yet). */
  references: ReadonlyMap<string, readonly string[]>
}

function derivationName(drv: Derivation): string {
  return drv.env.name ?? ''
}

function isNameChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2b || // +
    c === 0x2d || // -
    c === 0x2e || // .
    c === 0x5f || // _
    c === 0x3f || // ?
    c === 0x3d // =
  )
}

/** Store paths named in a text (a store path's name: letters, digits and `+-._?=`). */
function mentionedPaths(text: string, storeDir: string, into: Set<string>): void {
  let at = text.indexOf(storeDir)
  while (at !== -1) {
    let end = at + storeDir.length
    while (end < text.length && isNameChar(text.charCodeAt(end))) end++
    into.add(text.slice(at, end))
    at = text.indexOf(storeDir, end)
  }
}

/** Length of a store path's hash part (nix's base-32 of 160 bits). */
const hashLength = 32

/** Below this many inputs, each input's path is looked for in the environment, no map built. */
const fewInputs = 8

/**
 * The input paths an unbuilt derivation's outputs may refer to: those named in a variable that
 * is not build-only. As nix's reference scanner does, a path is recognised by its hash part.
 * Most derivations have a few inputs: each is looked for in the environment's values directly.
 * One with many (a system path of thousands of packages) gets one pass over its environment
 * with a lookup per store path mentioned, a millisecond.
 */
export function runtimeCandidates(drv: Derivation, graph: DerivationGraph): string[] {
  const inputs: string[] = drv.inputSrcs.slice()
  for (const [input, names] of drv.inputDrvs) {
    const outputs = graph.get(input)?.outputs
    for (const name of names) {
      const path = outputs?.get(name)
      if (path) inputs.push(path)
    }
  }
  if (inputs.length === 0) return inputs
  const storeDir = drv.path.slice(0, drv.path.lastIndexOf('/') + 1)
  const values: string[] = []
  for (const name in drv.env) {
    if (!buildOnlyVariables.has(name)) values.push(drv.env[name]!)
  }
  if (inputs.length <= fewInputs) {
    return inputs.filter((path) => {
      if (path === drv.builder) return false
      // The store folder and the hash: exactly what the scan below recognises a path by.
      const named = storeDir + path.substr(storeDir.length, hashLength)
      return values.some((value) => value.includes(named))
    })
  }
  const byHash = new Map<string, string>()
  for (const path of inputs) {
    if (path !== drv.builder) byHash.set(path.substr(storeDir.length, hashLength), path)
  }
  const named = new Set<string>()
  for (const value of values) {
    for (let at = value.indexOf(storeDir); at !== -1; at = value.indexOf(storeDir, at + 1)) {
      const path = byHash.get(value.substr(at + storeDir.length, hashLength))
      if (path) named.add(path)
    }
  }
  return inputs.filter((path) => named.has(path))
}

/**
 * The runtime closure of a toplevel derivation's `out`. `facts` says which outputs are built
 * already and what they refer to.
 */
export function predictRuntimeClosure(
  graph: DerivationGraph,
  toplevelDrv: string,
  facts: StoreFacts,
): RuntimeClosure {
  const byPath = producers(graph)
  const paths = new Map<string, { sure: boolean }>()
  const systemDrvs = new Set<string>()
  const toplevel = graph.get(toplevelDrv)
  const root = toplevel?.outputs.get('out')
  if (!toplevel || !root) return { paths, selected: new Set(), systemDrvs }

  /** By stdenv derivation: the C library of the compiler wrapper among its inputs. */
  const libcByStdenv = new Map<string, string[]>()
  const stdenvLibc = (drv: Derivation): string[] => {
    const stdenvPath = drv.env.stdenv
    const stdenv = stdenvPath ? byPath.get(stdenvPath) : undefined
    if (!stdenv) return []
    let libc = libcByStdenv.get(stdenv.path)
    if (!libc) {
      libc = []
      const storeDir = stdenv.path.slice(0, stdenv.path.lastIndexOf('/') + 1)
      for (const input of stdenv.inputDrvs.keys()) {
        const wrapper = graph.get(input)
        const named = wrapper?.env.libc_lib
        if (!named) continue
        const found = new Set<string>()
        mentionedPaths(named, storeDir, found)
        libc = [...found].filter((path) => byPath.has(path))
        break
      }
      libcByStdenv.set(stdenv.path, libc)
    }
    return libc
  }

  /** Candidates by derivation, found once: the chosen packages read the system path's again. */
  const candidatesByDrv = new Map<Derivation, string[]>()
  const candidatesOf = (drv: Derivation): string[] => {
    let found = candidatesByDrv.get(drv)
    if (!found) {
      found = runtimeCandidates(drv, graph)
      candidatesByDrv.set(drv, found)
    }
    return found
  }

  const referencesOf = (path: string): { refs: readonly string[]; guessed: boolean } | null => {
    const real = facts.references.get(path)
    if (real) return { refs: real.filter((r) => r !== path), guessed: false }
    const made = byPath.get(path)
    if (!made) return null
    const candidates = candidatesOf(made)
    // A compiled package links against the C library its stdenv's compiler wraps, which it is
    // never handed in a variable of its own; the system's own assembly links nothing.
    const libc = assemblyNames.test(derivationName(made)) ? [] : stdenvLibc(made)
    const extra = libc.filter((path) => !candidates.includes(path))
    return { refs: extra.length > 0 ? [...candidates, ...extra] : candidates, guessed: true }
  }

  // Breadth first; a path reached as sure is never downgraded, and one first reached unsure is
  // walked again if a sure way to it turns up.
  const queue: string[] = [root]
  paths.set(root, { sure: true })
  for (let next = 0; next < queue.length; next++) {
    const path = queue[next]!
    const sure = paths.get(path)!.sure
    const made = byPath.get(path)
    if (made) systemDrvs.add(made.path)
    const found = referencesOf(path)
    if (!found) continue
    const assembly = made !== undefined && assemblyNames.test(derivationName(made))
    const edgeSure = sure && (!found.guessed || assembly)
    for (const ref of found.refs) {
      const known = paths.get(ref)
      if (known && (known.sure || !edgeSure)) continue
      paths.set(ref, { sure: edgeSure })
      queue.push(ref)
    }
  }

  return {
    paths,
    selected: chosenPackages(candidatesOf, byPath, toplevel, root, facts),
    systemDrvs,
  }
}

/**
 * As the Generations comparison reads them: the references of the toplevel's `sw` (the system
 * path), else of the toplevel itself.
 */
function chosenPackages(
  candidatesOf: (drv: Derivation) => string[],
  byPath: ReturnType<typeof producers>,
  toplevel: Derivation,
  root: string,
  facts: StoreFacts,
): Set<string> {
  const rootRefs = facts.references.get(root) ?? candidatesOf(toplevel)
  const systemPath = rootRefs.find((path) => {
    const name = byPath.get(path)?.env.name
    return name === 'system-path' || name === 'home-manager-path'
  })
  const owner = systemPath ?? root
  const made = byPath.get(owner)
  const refs = facts.references.get(owner) ?? (made ? candidatesOf(made) : rootRefs)
  return new Set(refs.filter((path) => path !== owner))
}
