// The nix command lines that change flake.lock, in the form the installed nix understands.
// nix 2.19 moved updating named inputs to `nix flake update NAME… --flake REF`; before that it
// was `nix flake lock REF --update-input NAME`. `--output-lock-file` (newer nix) writes the result
// elsewhere; where it is missing, `nix flake metadata --json --no-write-lock-file` prints the
// would-be lock instead, and nothing on disk changes.
import type { NixCapabilities } from '../../../shared/contract'

export type LockChangeRequest =
  | { kind: 'update'; names: readonly string[] }
  | { kind: 'update-all' }
  | { kind: 'override'; name: string; url: string }

/** Arguments (after `nix`) that change the flake's own flake.lock in place. */
export function lockChangeArgs(
  flakeRef: string,
  request: LockChangeRequest,
  capabilities: Pick<NixCapabilities, 'flakeUpdateNamedInputs'>,
): string[] {
  const modern = capabilities.flakeUpdateNamedInputs
  switch (request.kind) {
    case 'update':
      return modern
        ? ['flake', 'update', ...request.names, '--flake', flakeRef]
        : ['flake', 'lock', flakeRef, ...request.names.flatMap((name) => ['--update-input', name])]
    case 'update-all':
      return modern ? ['flake', 'update', '--flake', flakeRef] : ['flake', 'update', flakeRef]
    case 'override':
      return ['flake', 'lock', flakeRef, '--override-input', request.name, request.url]
  }
}

/** Arguments that write the would-be lock to `outputPath` instead (nix with --output-lock-file). */
export function lockToFileArgs(
  flakeRef: string,
  request: LockChangeRequest,
  capabilities: Pick<NixCapabilities, 'flakeUpdateNamedInputs'>,
  outputPath: string,
): string[] {
  return [...lockChangeArgs(flakeRef, request, capabilities), '--output-lock-file', outputPath]
}

/** Arguments that print the would-be lock as JSON (`.locks`) and write nothing (any nix). */
export function lockAsMetadataArgs(flakeRef: string, request: LockChangeRequest): string[] {
  const flags =
    request.kind === 'update'
      ? request.names.flatMap((name) => ['--update-input', name])
      : request.kind === 'update-all'
        ? ['--recreate-lock-file']
        : ['--override-input', request.name, request.url]
  return ['flake', 'metadata', flakeRef, '--json', '--no-write-lock-file', ...flags]
}

/** Re-locks inputs whose flake.nix entry changed, keeping every other lock as it is. */
export function relockArgs(flakeRef: string): string[] {
  return ['flake', 'lock', flakeRef]
}

/** Arguments that print which inputs flake.nix declares, by evaluating only that file. */
export function declaredInputsArgs(flakeNixPath: string): string[] {
  return [
    'eval',
    '--json',
    '--file',
    flakeNixPath,
    '--apply',
    // Inputs can be declared in `inputs` or only as arguments of `outputs` (registry lookups).
    'f: { inputs = builtins.attrNames (f.inputs or { }); args = builtins.attrNames (builtins.functionArgs (f.outputs or (x: x))); }',
  ]
}

/** flake.lock as nix writes it: keys sorted, two-space indent, a final newline. */
export function serialiseLock(json: unknown): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys)
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value as Record<string, unknown>)
          .sort()
          .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
      )
    }
    return value
  }
  return `${JSON.stringify(sortKeys(json), null, 2)}\n`
}
