// The set-up most browser-mode spec files share: a temporary folder, a fixture made in it and a
// `flakedeck serve` on it for the file's tests, stopped and removed after them.
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  activationLogVariable,
  makeRebuildFixture,
  type FixtureVariant,
  type RebuildFixture,
} from '../fixtures/rebuild-fixture'
import { makeRepo } from '../helpers/git-repo'
import { useTestNixConfig } from '../helpers/nix-env'
import { test } from './nix-test'
import { serveFlakedeck, type ServedApp } from './serve-fixture'

/** What a spec file's tests work on: its folder, its fixture and the server on it. */
export interface Served<F> {
  work: string
  fixture: F
  app: ServedApp
}

/** What a set-up made in the folder and how to serve it. */
export interface ServeSetUp<F> {
  fixture: F
  /** The flake `flakedeck serve --flake` opens. */
  flake: string
  /** More of the server's environment. */
  env?: Record<string, string>
  /** Settings set over HTTP once the server is up, before the tests. */
  settings?: Record<string, unknown>
}

/**
 * For the spec file that calls it: before its tests, a temporary folder `flakedeck-e2e-NAME-…`
 * (with nix's offline test settings in this process), what `setUp` makes in it and the server on
 * the flake it names; `ready` is handed them, to keep in the file's variables. After the tests
 * the server is stopped and the folder removed.
 */
export function serveForFile<F>(
  name: string,
  setUp: (work: string) => ServeSetUp<F> | Promise<ServeSetUp<F>>,
  ready: (served: Served<F>) => void,
): void {
  let work: string | undefined
  let app: ServedApp | undefined
  test.beforeAll(async () => {
    useTestNixConfig()
    work = mkdtempSync(join(tmpdir(), `flakedeck-e2e-${name}-`))
    const made = await setUp(work)
    app = await serveFlakedeck(['--flake', made.flake], made.env)
    if (made.settings) await app.call('settings.set', made.settings)
    ready({ work, fixture: made.fixture, app })
  })
  // A failing test's report shows the page; what the server said (a run's error, a crash) goes
  // to the log beside it.
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixtures from this pattern
  test.afterEach(({}, testInfo) => {
    if (app && testInfo.status !== testInfo.expectedStatus) {
      console.log(`--- flakedeck serve output (${name}), its last 4,000 characters:`)
      console.log(app.output().slice(-4000))
    }
  })
  test.afterAll(async () => {
    await app?.stop()
    if (work) rmSync(work, { recursive: true, force: true })
  })
}

/** A set-up that serves a fixture's own flake. */
export function servingFlake<F extends { flake: string }>(fixture: F): ServeSetUp<F> {
  return { fixture, flake: fixture.flake }
}

/**
 * A set-up of one git repo `nixos-config` holding `files`, committed once, and what `then` does
 * to it before the server starts; the fixture is its path.
 */
export function repoSetUp(
  files: Record<string, string>,
  then?: (repo: string) => void,
): (work: string) => ServeSetUp<string> {
  return (work) => {
    const repo = makeRepo(join(work, 'nixos-config'), files)
    then?.(repo)
    return { fixture: repo, flake: repo }
  }
}

/**
 * A set-up of a rebuild fixture (tests/fixtures/rebuild-fixture.ts) that rebuilds in profile mode
 * into WORK/profiles/system, without sudo, and logs activations to the fixture's
 * activations.log; `settings` are set over those.
 */
export function rebuildSetUp(
  variant: FixtureVariant,
  settings: Record<string, unknown> = {},
): (work: string) => ServeSetUp<RebuildFixture> {
  return (work) => {
    chmodSync(work, 0o755) // builders run as nixbld users
    const fixture = makeRebuildFixture(join(work, 'fixture'), variant)
    const profileDir = join(work, 'profiles')
    mkdirSync(profileDir)
    return {
      fixture,
      flake: fixture.repo,
      env: { [activationLogVariable]: join(fixture.markerDir, 'activations.log') },
      settings: {
        rebuildMode: 'profile',
        rebuildProfilePath: join(profileDir, 'system'),
        profilePath: join(profileDir, 'system'),
        rebuildSudo: false,
        ...settings,
      },
    }
  }
}
