// The Inputs view's data: the root's inputs and their own inputs as rows, by input name, each
// with what was asked for, what it is locked to and how old that is, what it follows, and whether
// another copy of the same repository is locked at a different revision.
import { describeRef, FlakeRefError, flakeRefToUrl, repositoryKey, shortRev } from './flake-ref'
import type { FlakeRefAttrs, LockInput, Lockfile, LockNode } from './parse-lockfile'
import { rootNode } from './parse-lockfile'
import { resolveInput } from './resolve-follows'
import { ageInDays, isStale } from './input-age'

export interface InputRow {
  /** The name path joined by `/`: `home-manager/nixpkgs`. Unique within a tree. */
  id: string
  path: string[]
  name: string
  /** 0 for the root's own inputs. */
  depth: number
  /** nix's node label (`nixpkgs_2`), for diagnostics only. */
  nodeLabel: string
  /**
   * The input this one follows (`nixpkgs`, `home-manager/nixpkgs`), or null; `''` when it follows
   * the root flake itself (`follows = ""`, nix's way to turn an input off). See followsText.
   */
  follows: string | null
  /** `github`, `git`, `path`, `tarball`, … (of the followed input for a follows row). */
  type: string | null
  isFlake: boolean
  /** Where it comes from, without ref or rev: `github:NixOS/nixpkgs`, `/srv/repo`. */
  location: string | null
  originalUrl: string | null
  /** The branch or tag asked for in flake.nix, if any. */
  originalRef: string | null
  /** A commit asked for in flake.nix, if any (a pinned input). */
  originalRev: string | null
  lockedUrl: string | null
  lockedRev: string | null
  shortRev: string | null
  /** Seconds since the epoch: the date of the locked revision. */
  lastModified: number | null
  ageDays: number | null
  isStale: boolean
  /** Set when other copies of this repository are locked at other revisions. */
  duplicateGroup: string | null
  childCount: number
  /** Why Flakedeck cannot fully read this entry (a url it cannot decode), or null. */
  problem: string | null
}

export interface DuplicateGroup {
  /** The repository key, e.g. `github.com/nixos/nixpkgs`. */
  id: string
  /** Distinct locked revisions (or content hashes where there is no revision). */
  revisions: string[]
  rowIds: string[]
}

export interface InputTree {
  rows: InputRow[]
  duplicates: DuplicateGroup[]
  staleCount: number
}

export interface InputTreeOptions {
  /** Milliseconds since the epoch. */
  now: number
  /** Inputs whose locked revision is older than this are stale. */
  staleAfterDays: number
}

function str(attrs: FlakeRefAttrs | null, key: string): string | null {
  const value = attrs?.[key]
  return typeof value === 'string' && value !== '' ? value : null
}

/** What distinguishes two locked copies: the commit, else the content hash. */
function versionOf(node: LockNode): string | null {
  return str(node.locked, 'rev') ?? str(node.locked, 'narHash')
}

function rowFor(
  path: string[],
  node: LockNode,
  label: string,
  follows: readonly string[] | null,
  options: InputTreeOptions,
): InputRow {
  const locked = node.locked
  const original = node.original
  const description = original ? describeRef(original) : locked ? describeRef(locked) : null
  const lockedRev = str(locked, 'rev')
  const lastModified = typeof locked?.lastModified === 'number' ? locked.lastModified : null
  return {
    id: path.join('/'),
    path,
    name: path[path.length - 1] ?? '',
    depth: path.length - 1,
    nodeLabel: label,
    follows: follows ? follows.join('/') : null,
    type: locked?.type ?? original?.type ?? null,
    isFlake: node.isFlake,
    location: description?.location ?? null,
    originalUrl: original ? flakeRefToUrl(original) : null,
    originalRef: str(original, 'ref'),
    originalRev: str(original, 'rev'),
    lockedUrl: locked ? flakeRefToUrl(locked) : null,
    lockedRev,
    shortRev: lockedRev ? shortRev(lockedRev) : null,
    lastModified,
    ageDays: ageInDays(lastModified, options.now),
    isStale: isStale({ follows, lastModified }, options.staleAfterDays, options.now),
    duplicateGroup: null,
    childCount: 0,
    problem: null,
  }
}

function markDuplicates(lock: Lockfile, rows: InputRow[]): DuplicateGroup[] {
  const byRepository = new Map<string, InputRow[]>()
  for (const row of rows) {
    if (row.follows !== null) continue
    const node = lock.nodes.get(row.nodeLabel)
    const attrs = node?.locked ?? node?.original
    if (!attrs || attrs.type === 'indirect') continue
    let key: string
    try {
      key = repositoryKey(attrs)
    } catch (error) {
      // One unreadable entry is shown on its own row; it must not break the whole tree.
      if (!(error instanceof FlakeRefError)) throw error
      row.problem = `Flakedeck cannot read this input's lock entry: ${error.message}`
      continue
    }
    byRepository.set(key, [...(byRepository.get(key) ?? []), row])
  }
  const groups: DuplicateGroup[] = []
  for (const [key, members] of byRepository) {
    const revisions = [
      ...new Set(members.map((row) => versionOf(lock.nodes.get(row.nodeLabel)!) ?? '')),
    ].filter(Boolean)
    if (revisions.length < 2) continue
    for (const row of members) row.duplicateGroup = key
    groups.push({ id: key, revisions, rowIds: members.map((row) => row.id) })
  }
  return groups
}

/** Builds the rows depth first, children sorted by name; follows rows are leaves. */
export function buildInputTree(lock: Lockfile, options: InputTreeOptions): InputTree {
  const rows: InputRow[] = []
  const visit = (
    inputs: Readonly<Record<string, LockInput>>,
    parentPath: string[],
    onPath: Set<string>,
  ): number => {
    const names = Object.keys(inputs).sort()
    for (const name of names) {
      const target = inputs[name]!
      const resolved = resolveInput(lock, target)
      // parseLockfile has checked every reference; a failure here means a hand-built lock.
      if (!resolved.ok) continue
      const path = [...parentPath, name]
      const follows = typeof target === 'string' ? null : target
      const row = rowFor(path, resolved.node, resolved.label, follows, options)
      rows.push(row)
      if (follows === null && !onPath.has(resolved.label)) {
        onPath.add(resolved.label)
        row.childCount = visit(resolved.node.inputs, path, onPath)
        onPath.delete(resolved.label)
      }
    }
    return names.length
  }
  const root = rootNode(lock)
  visit(root.inputs, [], new Set([lock.rootLabel]))
  const duplicates = markDuplicates(lock, rows)
  return { rows, duplicates, staleCount: rows.filter((row) => row.isStale).length }
}

/** What a follows row follows, in words: an input's name path, or the root flake itself. */
export function followsText(follows: string): string {
  return follows === '' ? 'the root flake' : follows
}
