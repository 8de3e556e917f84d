// A follows path (`["home-manager", "nixpkgs"]`) names an input by walking input names from the
// root, each step itself possibly a follows path: the same walk nix does in LockFile::findInput.
import type { LockInput, Lockfile, LockNode } from './parse-lockfile'

export type FollowsResolution =
  | { ok: true; node: LockNode; label: string }
  | { ok: false; reason: 'missing' | 'cycle'; message: string }

/** Deeper than any real lock; a chain this long means follows paths refer to each other. */
const maxDepth = 64

function walk(lock: Lockfile, path: readonly string[], depth: number): FollowsResolution {
  if (depth > maxDepth) {
    return { ok: false, reason: 'cycle', message: 'which loops back on itself.' }
  }
  let label = lock.rootLabel
  for (const [index, name] of path.entries()) {
    const node = lock.nodes.get(label)
    const target: LockInput | undefined = node?.inputs[name]
    if (target === undefined) {
      const at = index === 0 ? 'the flake itself' : `"${path.slice(0, index).join('/')}"`
      return {
        ok: false,
        reason: 'missing',
        message: `which does not exist: ${at} has no input "${name}".`,
      }
    }
    if (typeof target === 'string') {
      label = target
      continue
    }
    const inner = walk(lock, target, depth + 1)
    if (!inner.ok) return inner
    label = inner.label
  }
  const node = lock.nodes.get(label)
  if (!node) {
    return { ok: false, reason: 'missing', message: `which leads to a missing node "${label}".` }
  }
  return { ok: true, node, label }
}

/** Resolves a follows path from the root; an empty path is the root flake itself. */
export function resolveFollows(lock: Lockfile, path: readonly string[]): FollowsResolution {
  return walk(lock, path, 0)
}

/** Resolves any input value, label or follows path, to its node. */
export function resolveInput(lock: Lockfile, target: LockInput): FollowsResolution {
  if (typeof target !== 'string') return resolveFollows(lock, target)
  const node = lock.nodes.get(target)
  if (!node) {
    return { ok: false, reason: 'missing', message: `which points to a missing node "${target}".` }
  }
  return { ok: true, node, label: target }
}

/** The node an input name path (`["home-manager", "nixpkgs"]`) stands for, or null. */
export function findInputNode(lock: Lockfile, namePath: readonly string[]): LockNode | null {
  const resolved = resolveFollows(lock, namePath)
  return resolved.ok ? resolved.node : null
}
