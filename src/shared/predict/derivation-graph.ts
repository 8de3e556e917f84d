// The derivations of a closure as `nix derivation show -r` prints them (`nix show-derivation -r`
// before nix 2.19), read into one shape: nix 2.8 lists an input derivation's outputs as an array,
// nix 2.19+ as `{ outputs, dynamicOutputs }`; nix 2.23+ may name paths without the store folder.

export interface Derivation {
  path: string
  /** Output name → store path; null for a floating content-addressed output (no path yet). */
  outputs: Map<string, string | null>
  /** Input derivation → the outputs of it this one uses. */
  inputDrvs: Map<string, string[]>
  inputSrcs: string[]
  env: Record<string, string>
  args: string[]
  builder: string
  /** A fixed-output derivation (a source tarball, a fetcher's result): its content is known. */
  fixedOutput: boolean
}

export type DerivationGraph = Map<string, Derivation>

const storeDir = '/nix/store/'

function full(path: string): string {
  return path.startsWith('/') ? path : `${storeDir}${path}`
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** Parses `nix derivation show -r` JSON (an object keyed by derivation path). */
export function parseDerivations(json: string, into: DerivationGraph = new Map()): DerivationGraph {
  const data = JSON.parse(json) as Record<string, Record<string, unknown>>
  for (const [key, raw] of Object.entries(data)) {
    const path = full(key)
    const outputs = new Map<string, string | null>()
    let fixedOutput = false
    for (const [name, output] of Object.entries((raw.outputs ?? {}) as Record<string, unknown>)) {
      const o = (output ?? {}) as Record<string, unknown>
      outputs.set(name, typeof o.path === 'string' ? full(o.path) : null)
      // nix 2.8 says `hash`; newer ones add `method`/`hashAlgo` (floating CA has no `hash`).
      if (typeof o.hash === 'string' && o.hash !== '') fixedOutput = true
    }
    const inputDrvs = new Map<string, string[]>()
    for (const [drv, used] of Object.entries((raw.inputDrvs ?? {}) as Record<string, unknown>)) {
      const names = Array.isArray(used)
        ? strings(used)
        : strings((used as { outputs?: unknown } | null)?.outputs)
      inputDrvs.set(full(drv), names)
    }
    const env: Record<string, string> = {}
    for (const [name, value] of Object.entries((raw.env ?? {}) as Record<string, unknown>)) {
      if (typeof value === 'string') env[name] = value
    }
    into.set(path, {
      path,
      outputs,
      inputDrvs,
      inputSrcs: strings(raw.inputSrcs).map(full),
      env,
      args: strings(raw.args),
      builder: typeof raw.builder === 'string' ? raw.builder : '',
      fixedOutput,
    })
  }
  return into
}

/** Output path → the derivation that produces it (no pair per output: a closure has thousands). */
export function producers(graph: DerivationGraph): Map<string, Derivation> {
  const map = new Map<string, Derivation>()
  for (const drv of graph.values()) {
    for (const path of drv.outputs.values()) if (path) map.set(path, drv)
  }
  return map
}
