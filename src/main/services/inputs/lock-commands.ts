// The nix command lines that change flake.lock, in the form the installed nix understands.
// nix 2.19 moved updating named inputs to `nix flake update NAME… --flake REF`; before that it
// was `nix flake lock REF --update-input NAME` (a deprecated alias since, which warns). They run
// on a copy of the flake (flake-copy.ts), so previews need no form of their own.
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
