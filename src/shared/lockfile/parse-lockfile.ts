// Reads flake.lock into typed nodes and checks what nix itself would refuse: a label that names
// no node, a follows path that leads nowhere. Node labels (`nixpkgs_2`) are nix's own
// bookkeeping; everything shown to the user goes by input names instead.
//
// Versions, as nix reads them (src/libexpr/flake/lockfile.cc): 7 (nix 2.4 on) writes a follows
// as a path (["nixpkgs"]); 6 writes it as the label of a copied node; 5 also keeps narHash,
// lastModified and revCount apart from "locked", in "info". nix 2.8 and 2.26 read all three and
// write 7 only when the lock changes.
import { resolveFollows } from './resolve-follows'
import { messageOf } from '../errors'

export const supportedLockVersion = 7
export const oldestLockVersion = 5

/** The attributes of a flake reference as flake.lock stores them (`type`, `owner`, `rev`, …). */
export type FlakeRefAttrs = { type: string } & Record<string, string | number | boolean>

/** An input is either a node label or a follows path resolved from the root. */
export type LockInput = string | readonly string[]

export interface LockNode {
  label: string
  inputs: Readonly<Record<string, LockInput>>
  locked: FlakeRefAttrs | null
  original: FlakeRefAttrs | null
  /** False for `flake = false` inputs (plain sources). */
  isFlake: boolean
}

export interface Lockfile {
  version: number
  rootLabel: string
  nodes: ReadonlyMap<string, LockNode>
}

export type LockfileProblem =
  | 'empty'
  | 'truncated'
  | 'not-json'
  | 'unsupported-version'
  | 'invalid-structure'
  | 'dangling-node'
  | 'dangling-follows'
  | 'follows-cycle'

/** Why a flake.lock cannot be used, in a sentence for the user. */
export class LockfileError extends Error {
  readonly problem: LockfileProblem
  /** What to do about it, where that depends on the lock (else the caller's own advice). */
  readonly hint: string | null

  constructor(problem: LockfileProblem, message: string, hint: string | null = null) {
    super(message)
    this.name = 'LockfileError'
    this.problem = problem
    this.hint = hint
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Whether the text stops inside a string or an open object or array, as a cut-off write does. */
function endsMidway(text: string): boolean {
  let depth = 0
  let inString = false
  let escaped = false
  for (const char of text) {
    if (inString) {
      if (escaped) escaped = false
      else if (char === '\\') escaped = true
      else if (char === '"') inString = false
    } else if (char === '"') inString = true
    else if (char === '{' || char === '[') depth++
    else if (char === '}' || char === ']') depth--
  }
  return inString || depth > 0
}

function parseJson(text: string): unknown {
  if (text.trim() === '') throw new LockfileError('empty', 'flake.lock is empty.')
  try {
    return JSON.parse(text)
  } catch (error) {
    if (endsMidway(text)) {
      throw new LockfileError(
        'truncated',
        'flake.lock is cut short: it ends in the middle of its JSON, as if a write was interrupted.',
      )
    }
    const reason = messageOf(error)
    throw new LockfileError('not-json', `flake.lock is not valid JSON (${reason}).`)
  }
}

function readRefAttrs(value: unknown, where: string): FlakeRefAttrs | null {
  if (value === undefined) return null
  if (!isRecord(value) || typeof value.type !== 'string') {
    throw new LockfileError(
      'invalid-structure',
      `flake.lock: ${where} must be an object with a "type".`,
    )
  }
  return scalarAttrs(value) as FlakeRefAttrs
}

/** The string, number and boolean attributes of an object (nix's fetcher attributes). */
function scalarAttrs(value: Record<string, unknown>): Record<string, string | number | boolean> {
  const attrs: Record<string, string | number | boolean> = {}
  for (const [key, attr] of Object.entries(value)) {
    if (typeof attr === 'string' || typeof attr === 'number' || typeof attr === 'boolean') {
      attrs[key] = attr
    }
  }
  return attrs
}

function readInputs(value: unknown, label: string): Record<string, LockInput> {
  if (value === undefined) return {}
  if (!isRecord(value)) {
    throw new LockfileError(
      'invalid-structure',
      `flake.lock: the inputs of node "${label}" must be an object.`,
    )
  }
  const inputs: Record<string, LockInput> = {}
  for (const [name, target] of Object.entries(value)) {
    if (typeof target === 'string') inputs[name] = target
    else if (Array.isArray(target) && target.every((part) => typeof part === 'string')) {
      inputs[name] = target as string[]
    } else {
      throw new LockfileError(
        'invalid-structure',
        `flake.lock: input "${name}" of node "${label}" must be a node label or a follows path (a list of names).`,
      )
    }
  }
  return inputs
}

function readNode(label: string, value: unknown, isRoot: boolean): LockNode {
  if (!isRecord(value)) {
    throw new LockfileError('invalid-structure', `flake.lock: node "${label}" is not an object.`)
  }
  const lockedOnly = readRefAttrs(value.locked, `node "${label}" "locked"`)
  // Version 5 keeps narHash, lastModified and revCount in "info"; nix merges them into "locked".
  const locked =
    lockedOnly && isRecord(value.info)
      ? ({ ...lockedOnly, ...scalarAttrs(value.info), type: lockedOnly.type } as FlakeRefAttrs)
      : lockedOnly
  const original = readRefAttrs(value.original, `node "${label}" "original"`)
  if (!isRoot && (!locked || !original)) {
    throw new LockfileError(
      'invalid-structure',
      `flake.lock: node "${label}" has no "${locked ? 'original' : 'locked'}" reference.`,
    )
  }
  return {
    label,
    inputs: readInputs(value.inputs, label),
    locked,
    original,
    isFlake: value.flake !== false,
  }
}

/** Checks every label and follows path, so later code can resolve them without surprises. */
function checkReferences(lock: Lockfile): void {
  for (const node of lock.nodes.values()) {
    for (const [name, target] of Object.entries(node.inputs)) {
      if (typeof target === 'string') {
        if (!lock.nodes.has(target)) {
          throw new LockfileError(
            'dangling-node',
            `flake.lock: input "${name}" of node "${node.label}" points to node "${target}", which does not exist.`,
          )
        }
        continue
      }
      const resolved = resolveFollows(lock, target)
      if (!resolved.ok) {
        const problem = resolved.reason === 'cycle' ? 'follows-cycle' : 'dangling-follows'
        throw new LockfileError(
          problem,
          `flake.lock: input "${name}" of node "${node.label}" follows "${target.join('/')}", ${resolved.message}`,
        )
      }
    }
  }
}

/** Parses and validates flake.lock text; throws LockfileError with a sentence for the user. */
export function parseLockfile(text: string): Lockfile {
  const json = parseJson(text)
  if (!isRecord(json)) {
    throw new LockfileError('invalid-structure', 'flake.lock must hold a JSON object.')
  }
  const version = json.version
  if (
    typeof version !== 'number' ||
    !Number.isInteger(version) ||
    version < oldestLockVersion ||
    version > supportedLockVersion
  ) {
    const found = typeof version === 'number' ? `version ${version}` : 'no version'
    const readable = `Flakedeck, like nix, reads lock files of version ${oldestLockVersion} to ${supportedLockVersion}`
    if (typeof version === 'number' && version > supportedLockVersion) {
      throw new LockfileError(
        'unsupported-version',
        `flake.lock has ${found}; ${readable}.`,
        'A newer nix than Flakedeck knows wrote it: use that nix for this flake, or a Flakedeck release that reads this version.',
      )
    }
    throw new LockfileError(
      'unsupported-version',
      `flake.lock has ${found}; ${readable}.`,
      // nix refuses such a lock before it locks anything, so `nix flake lock` cannot rewrite it.
      'Move flake.lock aside and run "nix flake lock": nix writes a new lock, with every input at its newest revision.',
    )
  }
  const rootLabel = typeof json.root === 'string' ? json.root : null
  if (!rootLabel) throw new LockfileError('invalid-structure', 'flake.lock names no root node.')
  if (!isRecord(json.nodes)) {
    throw new LockfileError('invalid-structure', 'flake.lock has no "nodes" object.')
  }
  if (!(rootLabel in json.nodes)) {
    throw new LockfileError(
      'invalid-structure',
      `flake.lock: the root node "${rootLabel}" is missing from "nodes".`,
    )
  }
  const nodes = new Map<string, LockNode>()
  for (const [label, value] of Object.entries(json.nodes)) {
    nodes.set(label, readNode(label, value, label === rootLabel))
  }
  const lock: Lockfile = { version, rootLabel, nodes }
  checkReferences(lock)
  return lock
}

/** A result instead of a throw, for callers that show the problem in place. */
export function tryParseLockfile(
  text: string,
): { ok: true; lock: Lockfile } | { ok: false; error: LockfileError } {
  try {
    return { ok: true, lock: parseLockfile(text) }
  } catch (error) {
    if (error instanceof LockfileError) return { ok: false, error }
    throw error
  }
}

export function rootNode(lock: Lockfile): LockNode {
  const root = lock.nodes.get(lock.rootLabel)
  // parseLockfile guarantees the root exists.
  if (!root) throw new LockfileError('invalid-structure', 'flake.lock has no root node.')
  return root
}
