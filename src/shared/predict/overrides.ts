// A lock change as `--override-input` arguments: nix evaluates the proposed lock without a lock
// file being written. Each updated input becomes its locked flake reference; an input below
// another updated one is left out (the parent's own flake.lock brings it along, as
// `nix flake lock --update-input PARENT` does). Inputs added, removed or re-followed cannot be
// said as overrides.
import type { InputChange } from '../lockfile/lock-diff'

export interface InputOverride {
  /** The input's name path, `/`-joined (`home-manager/nixpkgs`). */
  input: string
  url: string
}

export type OverridesResult =
  { ok: true; overrides: InputOverride[] } | { ok: false; reason: string }

export function overridesFromChanges(changes: readonly InputChange[]): OverridesResult {
  const updated = changes.filter((c) => c.kind === 'updated' && c.new?.url)
  const below = (id: string) => updated.some((u) => id.startsWith(`${u.id}/`))
  const other = changes.find((c) => !below(c.id) && (c.kind !== 'updated' || !c.new?.url))
  if (other) {
    const what =
      other.kind === 'follows-changed'
        ? `changes what input ${other.id} follows`
        : other.kind === 'added'
          ? `adds input ${other.id}`
          : other.kind === 'removed'
            ? `removes input ${other.id}`
            : `leaves input ${other.id} without a locked reference`
    return {
      ok: false,
      // Say what to do instead: once applied, Rebuild's first step compares the working tree
      // with the running system, still before anything is built.
      reason: `This change ${what}; nix cannot be asked to evaluate that without writing flake.lock, so it is not predicted here. Apply it, then Rebuild's "Before building" step shows what it changes, still before anything is built.`,
    }
  }
  return {
    ok: true,
    overrides: updated.filter((c) => !below(c.id)).map((c) => ({ input: c.id, url: c.new!.url! })),
  }
}
