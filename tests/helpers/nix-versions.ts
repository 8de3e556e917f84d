// The nix versions the nix-touching suites run under: the machine's own nix (first on PATH) and
// a modern one in its own bin folder, each selected by putting that folder first on PATH.
//
// The modern nix comes from FLAKEDECK_TEST_NIX (one or more bin folders, ':'-separated) or else
// from the cache scripts/install-test-nix.sh fills (~/.cache/flakedeck/test-nix/bin). A version
// that cannot be run is left out with the reason, which the test run prints.
import { execFileSync } from 'node:child_process'
import { existsSync, realpathSync } from 'node:fs'
import { homedir } from 'node:os'
import { delimiter, join } from 'node:path'

export interface NixUnderTest {
  /** e.g. "2.26.3" */
  version: string
  /** The folder to put first on PATH to run this nix. */
  binDir: string
}

export interface NixVersionsUnderTest {
  versions: NixUnderTest[]
  /** Why a nix was left out, in words. */
  skipped: string[]
}

export const defaultModernNixBin = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
  'flakedeck',
  'test-nix',
  'bin',
)

function versionOf(binDir: string): string {
  const out = execFileSync(join(binDir, 'nix'), ['--version'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000,
  })
  const match = /(\d+\.\d+(?:\.\d+)?)/.exec(out)
  if (!match) throw new Error(`unexpected output of nix --version: ${out.trim()}`)
  return match[1]!
}

function systemNixBin(pathValue: string, exclude: Set<string>): string | null {
  for (const dir of pathValue.split(delimiter)) {
    if (!dir || exclude.has(dir)) continue
    if (existsSync(join(dir, 'nix'))) return dir
  }
  return null
}

export function nixVersionsUnderTest(env: NodeJS.ProcessEnv = process.env): NixVersionsUnderTest {
  const versions: NixUnderTest[] = []
  const skipped: string[] = []
  const configured = (env.FLAKEDECK_TEST_NIX ?? '').split(delimiter).filter(Boolean)
  const extra = configured.length > 0 ? configured : [defaultModernNixBin]
  const resolvedExtra = new Set(extra.map((d) => (existsSync(d) ? realpathSync(d) : d)))

  const add = (binDir: string, what: string) => {
    try {
      const version = versionOf(binDir)
      if (versions.some((v) => v.version === version)) {
        skipped.push(`${what} (${binDir}) is nix ${version} again`)
        return
      }
      versions.push({ version, binDir })
    } catch (error) {
      skipped.push(`${what} (${binDir}) does not run: ${(error as Error).message.split('\n')[0]}`)
    }
  }

  const system = systemNixBin(env.PATH ?? '', new Set([...extra, ...resolvedExtra]))
  if (system) add(system, "the machine's nix")
  else skipped.push("the machine's nix: no nix on PATH")

  for (const dir of extra) {
    if (existsSync(join(dir, 'nix'))) add(dir, 'the modern test nix')
    else
      skipped.push(
        `the modern test nix: ${dir} has no nix (run scripts/install-test-nix.sh, or set FLAKEDECK_TEST_NIX to a nix bin folder)`,
      )
  }
  return { versions, skipped }
}

/** PATH with `binDir` first. */
export function pathWith(binDir: string, pathValue = process.env.PATH ?? ''): string {
  return [binDir, ...pathValue.split(delimiter).filter((d) => d && d !== binDir)].join(delimiter)
}
