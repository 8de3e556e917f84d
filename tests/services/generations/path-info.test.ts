// `nix path-info --json` of the nix on PATH, read by the closure cache's parser: nix 2.8 prints
// an array of {path, …} (a path that is not valid as {path, valid: false}); nix 2.19 and newer
// print an object keyed by path (null for a path that is not valid).
import { execFileSync, spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { invalidPathIn, parsePathInfoJson } from '../../../src/main/services/generations/path-info'
import { atLeast, parseNixVersion } from '../../../src/main/services/nix-version'
import { nixSystem } from '../../helpers/nix-env'

const nix = (...args: string[]) =>
  execFileSync('nix', ['--extra-experimental-features', 'nix-command flakes', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })

/** Builds `top`, which refers to `dep`; returns both output paths. */
function buildPair(): { top: string; dep: string } {
  const nonce = randomUUID()
  const expression = `let
  mk = name: script: derivation {
    inherit name;
    system = "${nixSystem}";
    builder = "/bin/sh";
    args = [ "-c" script ];
    nonce = "${nonce}";
  };
  dep = mk "path-info-dep" "echo dep > $out";
in { top = mk "path-info-top" "echo \${dep} > $out"; inherit dep; }`
  // `--print-out-paths` is nix 2.9+; `--json` names the outputs on every version. With
  // `--expr`, the installables are attribute names of its value.
  const built = JSON.parse(
    nix('build', '--impure', '--no-link', '--json', '--expr', expression, 'top', 'dep'),
  ) as { outputs: { out: string } }[]
  const out = (name: string) => built.map((b) => b.outputs.out).find((p) => p.endsWith(name))!
  return { top: out('-path-info-top'), dep: out('-path-info-dep') }
}

describe('nix path-info --json', () => {
  const gone = `/nix/store/${'a'.repeat(32)}-path-info-gone`

  it('is read in the shape this nix prints, with references and sizes', () => {
    const { top, dep } = buildPair()
    const text = nix('path-info', '--json', '--recursive', top)
    const version = parseNixVersion(nix('--version'))!
    expect(Array.isArray(JSON.parse(text))).toBe(!atLeast(version, 2, 19))
    const { infos, missing } = parsePathInfoJson(text, '/nix/store')
    expect(missing).toEqual([])
    expect([...infos.keys()].sort()).toEqual([dep, top].sort())
    expect(infos.get(top)!.references).toEqual([dep])
    expect(infos.get(dep)!.references).toEqual([])
    const size = (path: string) =>
      Number(execFileSync('nix-store', ['-q', '--size', path], { encoding: 'utf8' }).trim())
    expect(infos.get(top)!.narSize).toBe(size(top))
    expect(infos.get(dep)!.narSize).toBe(size(dep))
  })

  it('names a path that is not valid: in the JSON alone, or in the error with --recursive', () => {
    const { dep } = buildPair()
    const { infos, missing } = parsePathInfoJson(
      nix('path-info', '--json', dep, gone),
      '/nix/store',
    )
    expect(missing).toEqual([gone])
    expect([...infos.keys()]).toEqual([dep])
    const recursive = spawnSync(
      'nix',
      [
        '--extra-experimental-features',
        'nix-command flakes',
        'path-info',
        '--json',
        '--recursive',
        dep,
        gone,
      ],
      { encoding: 'utf8' },
    )
    expect(recursive.status).not.toBe(0)
    expect(invalidPathIn(recursive.stderr)).toBe(gone)
  })
})
