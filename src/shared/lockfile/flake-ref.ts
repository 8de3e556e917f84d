// Flake references both ways: the URL form users write in flake.nix (`github:o/r/ref`,
// `git+file:///x?ref=main&rev=…`) and the attribute form flake.lock stores. Also the plain git
// URL a reference can be cloned from, and the key that says two references are the same repo.
import type { FlakeRefAttrs } from './parse-lockfile'

export class FlakeRefError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FlakeRefError'
  }
}

/** Hosted-forge types whose URLs carry the ref or rev as a path segment. */
const forgeTypes = new Set(['github', 'gitlab', 'sourcehut'])
const defaultForgeHosts: Record<string, string> = {
  github: 'github.com',
  gitlab: 'gitlab.com',
  sourcehut: 'git.sr.ht',
}
const archivePattern = /\.(zip|tar|tgz|tar\.gz|tar\.xz|tar\.bz2|tar\.zst)$/
const fullRevPattern = /^[0-9a-f]{40}$/

/** Attributes that are lock bookkeeping, not part of what the user asked for. */
const lockOnlyAttrs = new Set(['narHash', 'lastModified', 'revCount'])

/** decodeURIComponent, with a sentence naming the reference instead of a bare URIError. */
function decodePart(text: string, whole: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    throw new FlakeRefError(
      `"${whole}" has broken percent-encoding: a % that does not start a valid escape.`,
    )
  }
}

function splitQuery(url: string): { base: string; params: [string, string][] } {
  const at = url.indexOf('?')
  if (at < 0) return { base: url, params: [] }
  const params: [string, string][] = []
  for (const part of url.slice(at + 1).split('&')) {
    if (!part) continue
    const eq = part.indexOf('=')
    const key = decodePart(eq < 0 ? part : part.slice(0, eq), url)
    const value = eq < 0 ? '' : decodePart(part.slice(eq + 1), url)
    params.push([key, value])
  }
  return { base: url.slice(0, at), params }
}

/** Like encodeURIComponent, but keeps `/` and `:` readable (nix accepts them unencoded). */
function encodeParam(value: string): string {
  return encodeURIComponent(value).replace(/%2F/gi, '/').replace(/%3A/gi, ':')
}

/** nix writes a true flag as `1` (and leaves a false one out); it reads only `1` as true. */
function queryValue(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? '1' : '0'
  return encodeParam(String(value))
}

function buildQuery(params: [string, string | number | boolean][]): string {
  if (params.length === 0) return ''
  return '?' + params.map(([key, value]) => `${key}=${queryValue(value)}`).join('&')
}

/** URL parameters nix reads as flags: only `1` is true (nix 2.8 reads `shallow=true` as false). */
const flagParams = new Set([
  'shallow',
  'submodules',
  'allRefs',
  'exportIgnore',
  'verifyCommit',
  'lfs',
])
/** URL parameters nix reads as numbers. */
const numberParams = new Set(['revCount', 'lastModified'])

function paramValue(key: string, value: string): string | number | boolean {
  if (flagParams.has(key)) return value === '1'
  if (numberParams.has(key) && /^\d+$/.test(value)) return Number(value)
  return value
}

function withParams(
  attrs: Record<string, string | number | boolean>,
  params: [string, string][],
): FlakeRefAttrs {
  for (const [key, value] of params) attrs[key] = paramValue(key, value)
  return attrs as FlakeRefAttrs
}

function parseForge(type: string, rest: string, params: [string, string][]): FlakeRefAttrs {
  const parts = rest.split('/').filter(Boolean)
  const [owner, repo, ...refParts] = parts
  if (!owner || !repo) {
    throw new FlakeRefError(
      `"${type}:${rest}" needs an owner and a repository (${type}:OWNER/REPO).`,
    )
  }
  const attrs: Record<string, string | number | boolean> = { type, owner, repo }
  if (refParts.length > 0) {
    const refOrRev = refParts.join('/')
    if (fullRevPattern.test(refOrRev)) attrs.rev = refOrRev
    else attrs.ref = refOrRev
  }
  return withParams(attrs, params)
}

/** Parses a flake URL as written in flake.nix or on the command line into lock-style attrs. */
export function parseFlakeRef(url: string): FlakeRefAttrs {
  const trimmed = url.trim()
  if (!trimmed) throw new FlakeRefError('The flake reference is empty.')
  const { base, params } = splitQuery(trimmed)
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(base)?.[1]?.toLowerCase()
  if (!scheme) {
    if (base.startsWith('/') || base.startsWith('.')) {
      return withParams({ type: 'path', path: base }, params)
    }
    // `nixpkgs` or `nixpkgs/nixos-unstable`: looked up in the registry.
    const [id, ...ref] = base.split('/')
    const attrs: Record<string, string | number | boolean> = { type: 'indirect', id: id ?? base }
    if (ref.length > 0) attrs.ref = ref.join('/')
    return withParams(attrs, params)
  }
  const rest = base.slice(scheme.length + 1)
  if (forgeTypes.has(scheme)) return parseForge(scheme, rest, params)
  if (scheme === 'flake') return parseFlakeRef(trimmed.slice('flake:'.length))
  if (scheme === 'path') return withParams({ type: 'path', path: rest }, params)
  if (scheme.startsWith('git+') || scheme === 'git') {
    const transport = scheme === 'git' ? 'git' : scheme.slice(4)
    return withParams({ type: 'git', url: `${transport}:${rest}` }, params)
  }
  if (scheme.startsWith('hg+')) return withParams({ type: 'hg', url: base.slice(3) }, params)
  if (scheme.startsWith('tarball+')) {
    return withParams({ type: 'tarball', url: trimmed.slice('tarball+'.length) }, [])
  }
  if (scheme.startsWith('file+')) {
    return withParams({ type: 'file', url: trimmed.slice('file+'.length) }, [])
  }
  if (scheme === 'http' || scheme === 'https' || scheme === 'file') {
    const type = archivePattern.test(base) ? 'tarball' : 'file'
    return { type, url: trimmed }
  }
  throw new FlakeRefError(`"${url}" is not a flake reference Flakedeck understands.`)
}

const str = (value: string | number | boolean | undefined): string | null =>
  typeof value === 'string' && value !== '' ? value : null

/** The URL form of lock-style attrs, as nix prints it (lock bookkeeping left out). */
export function flakeRefToUrl(attrs: FlakeRefAttrs): string {
  const extra = (skip: string[]) =>
    Object.entries(attrs).filter(
      ([key]) => key !== 'type' && !skip.includes(key) && !lockOnlyAttrs.has(key),
    ) as [string, string | number | boolean][]
  switch (attrs.type) {
    case 'github':
    case 'gitlab':
    case 'sourcehut': {
      const refOrRev = str(attrs.rev) ?? str(attrs.ref)
      const path = `${String(attrs.owner)}/${String(attrs.repo)}${refOrRev ? `/${refOrRev}` : ''}`
      return `${attrs.type}:${path}${buildQuery(extra(['owner', 'repo', 'ref', 'rev']))}`
    }
    case 'git':
    case 'hg': {
      const url = String(attrs.url)
      const prefix = attrs.type === 'git' && url.startsWith('git:') ? '' : `${attrs.type}+`
      const ordered = [
        ...(str(attrs.ref) ? [['ref', attrs.ref] as [string, string]] : []),
        ...(str(attrs.rev) ? [['rev', attrs.rev] as [string, string]] : []),
        ...extra(['url', 'ref', 'rev']),
      ]
      return `${prefix}${url}${buildQuery(ordered)}`
    }
    case 'path':
      return `path:${String(attrs.path)}${buildQuery(extra(['path']))}`
    case 'tarball': {
      const url = String(attrs.url)
      return archivePattern.test(url.split('?')[0] ?? url) ? url : `tarball+${url}`
    }
    case 'file':
      return `file+${String(attrs.url)}`
    case 'indirect': {
      const ref = str(attrs.rev) ?? str(attrs.ref)
      return `flake:${String(attrs.id)}${ref ? `/${ref}` : ''}`
    }
    default:
      return `${attrs.type}:${String(attrs.url ?? attrs.path ?? '')}`
  }
}

export interface RefDescription {
  type: string
  /** Where it comes from, without ref or rev: `github:NixOS/nixpkgs`, `/srv/repo`. */
  location: string
  /** The branch or tag asked for, if any. */
  ref: string | null
  rev: string | null
}

export function describeRef(attrs: FlakeRefAttrs): RefDescription {
  const ref = str(attrs.ref)
  const rev = str(attrs.rev)
  let location: string
  switch (attrs.type) {
    case 'github':
    case 'gitlab':
    case 'sourcehut':
      location = `${attrs.type}:${String(attrs.owner)}/${String(attrs.repo)}`
      break
    case 'git':
    case 'hg':
    case 'tarball':
    case 'file': {
      const url = String(attrs.url)
      location = url.startsWith('file://') ? url.slice('file://'.length) : url
      break
    }
    case 'path':
      location = String(attrs.path)
      break
    case 'indirect':
      location = `flake:${String(attrs.id)}`
      break
    default:
      location = flakeRefToUrl(attrs)
  }
  return { type: attrs.type, location, ref, rev }
}

export function shortRev(rev: string): string {
  return rev.slice(0, 7)
}

/**
 * The URL git can clone for a reference, or null when it is not a git repository. Throws a
 * FlakeRefError for a file:// URL that cannot be decoded.
 */
export function gitRemoteUrl(attrs: FlakeRefAttrs): string | null {
  if (forgeTypes.has(attrs.type)) {
    const host = str(attrs.host) ?? defaultForgeHosts[attrs.type]
    const suffix = attrs.type === 'sourcehut' ? '' : '.git'
    return `https://${host}/${String(attrs.owner)}/${String(attrs.repo)}${suffix}`
  }
  if (attrs.type !== 'git') return null
  const url = String(attrs.url)
  if (url.startsWith('file://')) return decodePart(url.slice('file://'.length), url)
  return url
}

/**
 * A key that is equal for two references to the same repository, however written: a github:
 * input and a git+https://github.com/… input of the same repo share it.
 */
export function repositoryKey(attrs: FlakeRefAttrs): string {
  if (forgeTypes.has(attrs.type)) {
    const host = str(attrs.host) ?? defaultForgeHosts[attrs.type]
    return `${host}/${String(attrs.owner)}/${String(attrs.repo)}`.toLowerCase()
  }
  if (attrs.type === 'git') {
    const remote = gitRemoteUrl(attrs) ?? ''
    const hosted =
      /^(?:https?|ssh|git):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+?)(?:\.git)?\/?$/i.exec(remote)
    if (hosted) return `${hosted[1]}/${hosted[2]}`.toLowerCase()
    const scp = /^(?:[^@/]+@)?([^/:]+):(.+?)(?:\.git)?\/?$/.exec(remote)
    if (scp && !remote.startsWith('/')) return `${scp[1]}/${scp[2]}`.toLowerCase()
    return remote.replace(/\/+$/, '').replace(/\.git$/, '')
  }
  return `${attrs.type}:${String(attrs.url ?? attrs.path ?? attrs.id ?? '')}`
}

/** What a user can pin an input to in the version picker. */
export type PinTarget =
  | { kind: 'branch'; name: string }
  /** `rev`, the commit the tag names, is recorded beside git tags (see pinnedRefUrl). */
  | { kind: 'tag'; name: string; rev?: string }
  /** `branch` is where the commit was picked from, so nix can fetch it from a remote. */
  | { kind: 'commit'; rev: string; branch?: string }

/** Characters git forbids in ref names (git check-ref-format), plus whitespace. */
const refNameForbidden = /[\s~^:?*[\\]/

function checkRefName(name: string): void {
  const control = [...name].some((char) => char.charCodeAt(0) < 0x20 || char === '\x7f')
  if (
    !name ||
    control ||
    refNameForbidden.test(name) ||
    name.startsWith('-') ||
    name.includes('..')
  ) {
    throw new FlakeRefError(`"${name}" is not a valid branch or tag name.`)
  }
}

/**
 * The URL that pins `original` to a branch, tag or commit, keeping everything else (host, dir).
 * Git tags need the full `refs/tags/…` name: nix fetches a bare ref as a branch.
 */
export function pinnedRefUrl(original: FlakeRefAttrs, target: PinTarget): string {
  if (!forgeTypes.has(original.type) && original.type !== 'git') {
    throw new FlakeRefError(
      `A ${original.type} input has no branches or tags; only git, github, gitlab and sourcehut inputs can be pinned.`,
    )
  }
  const attrs: Record<string, string | number | boolean> = {}
  for (const [key, value] of Object.entries(original)) {
    if (key !== 'ref' && key !== 'rev' && !lockOnlyAttrs.has(key)) attrs[key] = value
  }
  if (target.kind === 'commit') {
    if (!fullRevPattern.test(target.rev)) {
      throw new FlakeRefError(`"${target.rev}" is not a full commit hash (40 hex digits).`)
    }
    if (original.type === 'git' && target.branch) {
      checkRefName(target.branch)
      attrs.ref = target.branch
    }
    attrs.rev = target.rev
  } else {
    checkRefName(target.name)
    const isGitTag = target.kind === 'tag' && original.type === 'git'
    attrs.ref =
      isGitTag && !target.name.startsWith('refs/') ? `refs/tags/${target.name}` : target.name
    // nix 2.8 locks an annotated git tag as the tag object, not its commit; naming the commit
    // too makes the lock (and the commit log) use the commit.
    if (isGitTag && target.kind === 'tag' && target.rev) {
      if (!fullRevPattern.test(target.rev)) {
        throw new FlakeRefError(`"${target.rev}" is not a full commit hash (40 hex digits).`)
      }
      attrs.rev = target.rev
    }
  }
  return flakeRefToUrl(attrs as FlakeRefAttrs)
}
