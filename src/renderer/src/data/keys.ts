// Every read the renderer makes, as one query key each. A key names what the answer is about, from
// the widest scope to the narrowest, so one prefix reaches everything a change touches: all of a
// repo is under ['repo', path], all of one profile's generations under ['generations', 'profile',
// path]. The event bridge (event-bridge.ts) invalidates by these keys; hooks read by them.
import type { RebuildAction } from '../../../shared/rebuild/types'

/**
 * The profile a generations read is about: a path, or `viewed` for the one the settings name
 * (calls without a `profile`, which the core answers from settings.profilePath).
 */
export type ProfileScope = string | 'viewed'

export const keys = {
  // The app and its settings.
  appStatus: () => ['app', 'status'] as const,
  settings: () => ['settings'] as const,
  recentRepos: () => ['repos', 'recent'] as const,
  /** The flake folder a typed path lies in (the open screen's offer after a refusal). */
  flakeRoot: (path: string) => ['repos', 'flake-root', path] as const,

  // One repo: every key below starts with repo(path).
  repo: (repo: string) => ['repo', repo] as const,
  /** The repo as opened (name, branch, head, dirty); repo.changed replaces it. */
  repoInfo: (repo: string) => ['repo', repo, 'info'] as const,
  /** The flake's nixosConfigurations, read by evaluating flake.nix. */
  hosts: (repo: string) => ['repo', repo, 'hosts'] as const,
  fileTree: (repo: string) => ['repo', repo, 'files', 'tree'] as const,
  /** Find in files: one pattern with its options. */
  textSearch: (repo: string, query: { pattern: string; regex: boolean; caseSensitive: boolean }) =>
    ['repo', repo, 'files', 'search', query] as const,
  session: (repo: string) => ['repo', repo, 'session'] as const,
  drafts: (repo: string) => ['repo', repo, 'drafts'] as const,
  git: (repo: string) => ['repo', repo, 'git'] as const,
  gitStatus: (repo: string) => ['repo', repo, 'git', 'status'] as const,
  gitLog: (repo: string) => ['repo', repo, 'git', 'log'] as const,
  /** A file as the last commit has it (the left side of "Diff vs HEAD"). */
  headContent: (repo: string, path: string) => ['repo', repo, 'git', 'head', path] as const,
  /** nix's syntax check of one version of an editor buffer (a model and its version id). */
  parse: (repo: string, path: string, model: string, version: number) =>
    ['repo', repo, 'parse', path, model, version] as const,
  /** A commit never changes: nothing invalidates it. */
  commitDetails: (repo: string, hash: string) => ['repo', repo, 'commit', hash] as const,
  /** What the config source changed between two commits; commits never change either. */
  sourceDiff: (repo: string, from: string, to: string) =>
    ['repo', repo, 'source-diff', from, to] as const,
  inputs: (repo: string) => ['repo', repo, 'inputs'] as const,
  inputsOverview: (repo: string) => ['repo', repo, 'inputs', 'overview'] as const,
  inputVersions: (repo: string, name: string) =>
    ['repo', repo, 'inputs', 'versions', name] as const,
  upstreamDistance: (repo: string, name: string) =>
    ['repo', repo, 'inputs', 'upstream', name] as const,
  /** The commits between two revisions of an input (fixed revisions: never invalidated). */
  inputCommitLog: (repo: string, name: string, from: string, to: string) =>
    ['repo', repo, 'input-commits', name, from, to] as const,
  rebuild: (repo: string) => ['repo', repo, 'rebuild'] as const,
  rebuildPlans: (repo: string) => ['repo', repo, 'rebuild', 'plan'] as const,
  /** The command a rebuild would run: follows the settings and the flake. */
  rebuildPlan: (repo: string, host: string, action: RebuildAction) =>
    ['repo', repo, 'rebuild', 'plan', host, action] as const,
  runHistories: (repo: string) => ['repo', repo, 'rebuild', 'history'] as const,
  runHistory: (repo: string, limit: number) => ['repo', repo, 'rebuild', 'history', limit] as const,
  activeRuns: (repo: string) => ['repo', repo, 'rebuild', 'active'] as const,
  /**
   * A page of a run's full log, from a line or the newest; `round` counts the reader's asks
   * (a running run's log grows: asking again is reading again).
   */
  runLog: (runId: number, from: number | 'end', round: number) =>
    ['runs', runId, 'log', from, round] as const,
  /** A run's recorded output. */
  runOutput: (runId: number) => ['runs', runId, 'output'] as const,
  runLogSearch: (runId: number, query: string, round: number) =>
    ['runs', runId, 'search', query, round] as const,

  // Profiles and their generations (not tied to a repo).
  generations: () => ['generations'] as const,
  /** Everything read about one profile's generations. */
  profile: (profile: ProfileScope) => ['generations', 'profile', profile] as const,
  timeline: (profile: ProfileScope) => ['generations', 'profile', profile, 'timeline'] as const,
  /** Two generations (numbers) or systems (store paths) compared. */
  comparison: (profile: ProfileScope, from: number | string, to: number | string) =>
    ['generations', 'profile', profile, 'compare', from, to] as const,
  /** The commands a switch to generation `number` would run (generations.activationPlan). */
  switchPlan: (profile: ProfileScope, number: number) =>
    ['generations', 'profile', profile, 'switch-plan', number] as const,
  cleanupPlan: (profile: ProfileScope, policy: unknown) =>
    ['generations', 'profile', profile, 'cleanup', policy] as const,
  /** The switcher's list: system, Home Manager, added profiles, and which one is viewed. */
  profiles: () => ['generations', 'profiles'] as const,
  /** The boot menu and how full the boot folder is. */
  boot: () => ['generations', 'boot'] as const,
  bootFit: (storePath: string) => ['generations', 'boot-fit', storePath] as const,
}
