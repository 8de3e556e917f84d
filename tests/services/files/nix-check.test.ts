import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../../src/main/services/settings'
import { NixCheckService } from '../../../src/main/services/nix-check/nix-check-service'
import { NixService } from '../../../src/main/services/nix'
import { createProcessRunner } from '../../../src/main/services/process-runner'
import { nixSeriesOnPath, saveCapture } from '../../fixtures/captures'
import { makeRepo, writeFiles } from '../../helpers/git-repo'
import { nixSystem } from '../../helpers/nix-env'
import { useTempDirs } from '../../helpers/temp-dir'
import { toRepoPath } from '../../../src/main/services/files/repo-paths'

const tempDir = useTempDirs()
const runner = createProcessRunner()
const check = new NixCheckService(runner, new NixService(runner), () => defaultSettings)

const hostFlake = `{
  outputs = { self }:
    let
      system = name: { config.system.build.toplevel = import ./hosts/\${name}.nix { inherit name; }; };
    in {
      nixosConfigurations = { alpha = system "alpha"; beta = system "beta"; };
    };
}
`
const goodHost = `{ name }:
derivation {
  inherit name;
  system = "${nixSystem}";
  builder = "/bin/sh";
  args = [ "-c" "echo > $out" ];
}
`

describe('nix checks', () => {
  it('places a syntax error of an unsaved buffer at its line and column', async () => {
    const dir = makeRepo(join(tempDir(), 'cfg'), { 'flake.nix': hostFlake })
    const diagnostics = await check.parse(
      dir,
      await toRepoPath(dir, 'hosts/alpha.nix'),
      '{ a = 1;\n  b = ;\n}\n',
    )
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        message: "syntax error, unexpected ';'",
        file: 'hosts/alpha.nix',
        inRepo: true,
        line: 2,
        column: 7,
        trace: [],
      },
    ])
    expect(await check.parse(dir, await toRepoPath(dir, 'hosts/alpha.nix'), goodHost)).toEqual([])
  })

  it('lists the hosts a flake defines', async () => {
    const dir = makeRepo(join(tempDir(), 'cfg'), {
      'flake.nix': hostFlake,
      'hosts/alpha.nix': goodHost,
      'hosts/beta.nix': goodHost,
    })
    expect(await check.hosts(dir)).toEqual({
      hosts: ['alpha', 'beta'],
      error: null,
      diagnostics: [],
    })
    const result = await check.checkHost(dir, 'alpha')
    expect(result.ok).toBe(true)
    expect(result.drvPath).toMatch(/^\/nix\/store\/[a-z0-9]{32}-alpha\.drv$/)
  })

  it('maps an evaluation error inside the store copy back to the repo file', async () => {
    const dir = makeRepo(join(tempDir(), 'cfg'), {
      'flake.nix': hostFlake,
      'hosts/alpha.nix': goodHost,
      'hosts/beta.nix': '{ name }:\nlet x = 1;\nin x + "text"\n',
    })
    const result = await check.checkHost(dir, 'beta')
    expect(result.ok).toBe(false)
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        message: 'cannot add a string to an integer',
        file: 'hosts/beta.nix',
        inRepo: true,
        line: 3,
        column: 8, // nix points at the string operand
      }),
    )
  })

  // A module with two errors a host can hit: `add` has a position of its own in every nix;
  // `coerce` has one in nix 2.8 but none in nix 2.26, which prints only the frames leading to it.
  const netFlake = `{
  outputs = { self }:
    let
      host = error: { config.system.build.toplevel = import ./modules/net.nix { inherit error; }; };
    in {
      nixosConfigurations = { add = host "add"; coerce = host "coerce"; };
    };
}
`
  const netModule = `{ error }:
let
  ports = [ 22 80 ];
  count = builtins.length ports;
  label = count + "open";
  message = "open: " + count;
in
derivation {
  name = "net";
  system = "${nixSystem}";
  builder = "/bin/sh";
  args = [ "-c" (if error == "add" then label else message) ];
}
`

  /** nix's own output for a host's evaluation, saved as a capture when asked to. */
  function captureHostEval(dir: string, host: string): void {
    const attr = `${dir}#nixosConfigurations.${host}.config.system.build.toplevel.drvPath`
    for (const [suffix, extra] of [
      ['nixlog', ['--log-format', 'internal-json']],
      ['txt', []],
    ] as const) {
      const run = spawnSync('nix', ['eval', '--raw', attr, ...extra], { encoding: 'utf8' })
      expect(run.status).not.toBe(0)
      saveCapture(`host-eval-${host}`, run.stderr, [dir], suffix)
    }
  }

  it('places an error in a module at its repo file, line and column under this nix', async () => {
    const dir = makeRepo(join(tempDir(), 'cfg'), {
      'flake.nix': netFlake,
      'modules/net.nix': netModule,
    })
    captureHostEval(dir, 'add')
    const result = await check.checkHost(dir, 'add')
    expect(result.ok).toBe(false)
    // nix 2.26 writes the internal-json "file" as "…-source/modules/net.nix:5:19".
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      {
        severity: 'error',
        message: 'cannot add a string to an integer',
        file: 'modules/net.nix',
        inRepo: true,
        line: 5,
        column: 19,
        trace: [],
      },
    ])
  })

  it('places an error nix gives no position at the innermost frame nix printed', async () => {
    const dir = makeRepo(join(tempDir(), 'cfg'), {
      'flake.nix': netFlake,
      'modules/net.nix': netModule,
    })
    captureHostEval(dir, 'coerce')
    const result = await check.checkHost(dir, 'coerce')
    expect(result.ok).toBe(false)
    const [error] = result.diagnostics.filter((d) => d.severity === 'error')
    expect(error).toMatchObject({ file: 'modules/net.nix', inRepo: true })
    if (nixSeriesOnPath() === '2.8') {
      // nix 2.8 points at the operand it could not coerce.
      expect(error).toMatchObject({
        message: 'cannot coerce an integer to a string',
        line: 6,
        column: 24,
      })
    } else {
      // Newer nix: the error itself has no position; the innermost frame is the `args` attribute.
      expect(error).toMatchObject({
        message: expect.stringMatching(/^cannot coerce an integer to a string/),
        line: 12,
        column: 3,
      })
      expect(error!.trace.map((f) => f.message)).toContain(
        "while evaluating attribute 'args' of derivation 'net'",
      )
    }
  })

  // nixpkgs' lib.warn traced "warning: …" before 24.11 (logged at error level by every nix);
  // builtins.warn (nix 2.23 and newer) logs an "evaluation warning".
  const warnedFlake = `{
  outputs = { self }:
    let
      warn = builtins.warn or (message: builtins.trace "warning: \${message}");
      host = file: { config.system.build.toplevel = import file { inherit warn; }; };
    in {
      nixosConfigurations = { fine = host ./hosts/fine.nix; broken = host ./hosts/broken.nix; };
    };
}
`
  const warnedHost = (body: string) => `{ warn }:
builtins.trace "warning: the option \`services.old' is deprecated"
  (warn "the option \`services.older' is deprecated" ${body})
`

  it('keeps trace and evaluation warnings apart from errors', async () => {
    const dir = makeRepo(join(tempDir(), 'cfg'), {
      'flake.nix': warnedFlake,
      'hosts/fine.nix': warnedHost(`(derivation {
    name = "fine";
    system = "${nixSystem}";
    builder = "/bin/sh";
    args = [ "-c" "echo > $out" ];
  })`),
      'hosts/broken.nix': warnedHost('(1 + "x")'),
    })
    captureHostEval(dir, 'broken')
    const warnings = [
      "the option `services.old' is deprecated",
      "the option `services.older' is deprecated",
    ]
    const fine = await check.checkHost(dir, 'fine')
    expect(fine.ok).toBe(true)
    expect(fine.diagnostics.map((d) => [d.severity, d.message])).toEqual(
      warnings.map((w) => ['warning', w]),
    )
    const broken = await check.checkHost(dir, 'broken')
    expect(broken.ok).toBe(false)
    expect(
      broken.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message),
    ).toEqual(warnings)
    expect(broken.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({
        message: 'cannot add a string to an integer',
        file: 'hosts/broken.nix',
        line: 3,
      }),
    ])
  })

  it('still answers when the flake does not evaluate, with why', async () => {
    const dir = makeRepo(join(tempDir(), 'cfg'), {
      'flake.nix': '{ outputs = { self }: { nixosConfigurations = throw "no hosts here"; }; }\n',
    })
    const result = await check.hosts(dir)
    expect(result.hosts).toEqual([])
    expect(result.error).toMatchObject({
      severity: 'error',
      message: expect.stringContaining('no hosts here'),
    })
  })

  it('treats a flake without nixosConfigurations as having no hosts', async () => {
    const dir = makeRepo(join(tempDir(), 'cfg'), { 'flake.nix': '{ outputs = { self }: { }; }\n' })
    expect(await check.hosts(dir)).toMatchObject({ hosts: [], error: null })
  })

  it('reports nix not seeing an untracked file the way nix says it', async () => {
    const dir = makeRepo(join(tempDir(), 'cfg'), {
      'flake.nix': hostFlake,
      'hosts/alpha.nix': goodHost,
    })
    writeFiles(dir, { 'hosts/beta.nix': goodHost }) // not added to git
    const result = await check.checkHost(dir, 'beta')
    expect(result.ok).toBe(false)
    expect(result.diagnostics.map((d) => d.message).join('\n')).toMatch(
      /does not exist|No such file/,
    )
  })

  it('formats through the formatter on PATH: buffer in on stdin, result from stdout', async () => {
    // No nixfmt in Debian: a stand-in on PATH that collapses runs of spaces exercises the same
    // code path (program lookup, stdin, stdout, exit status).
    const bin = tempDir()
    writeFiles(bin, { nixfmt: "#!/bin/sh\nexec sed 's/  */ /g'\n" })
    chmodSync(join(bin, 'nixfmt'), 0o755)
    const withFormatter = createProcessRunner({
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
    })
    const service = new NixCheckService(
      withFormatter,
      new NixService(withFormatter),
      () => defaultSettings,
    )
    const dir = tempDir()
    expect(await service.format(dir, await toRepoPath(dir, 'a.nix'), '{  a   = 1; }\n')).toEqual({
      content: '{ a = 1; }\n',
      formatter: 'nixfmt',
    })
  })

  it('lists the syntax error of a host file once, and no "Git tree is dirty" warning', async () => {
    const dir = makeRepo(join(tempDir(), 'cfg'), {
      'flake.nix': hostFlake,
      'hosts/alpha.nix': goodHost,
      'hosts/beta.nix': goodHost,
    })
    // Uncommitted (so the tree is dirty) and broken.
    writeFiles(dir, { 'hosts/alpha.nix': '{ name }:\nderivation {\n  name = ;\n}\n' })
    const result = await check.checkHost(dir, 'alpha')
    expect(result.ok).toBe(false)
    const errors = result.diagnostics.filter((d) => d.severity === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ file: 'hosts/alpha.nix', line: 3 })
    expect(result.diagnostics.filter((d) => /is dirty/.test(d.message))).toEqual([])
  })

  it('says how to get the formatter when it is missing', async () => {
    const noFormatter = createProcessRunner({ ...process.env, PATH: `${tempDir()}:/usr/bin:/bin` })
    const service = new NixCheckService(
      noFormatter,
      new NixService(noFormatter),
      () => defaultSettings,
    )
    const dir = tempDir()
    const path = await toRepoPath(dir, 'a.nix')
    await expect(service.format(dir, path, '{ }')).rejects.toMatchObject({
      code: 'formatter-missing',
      hint: expect.stringContaining('nixfmt'),
    })
    // The setting it names exists: the Formatter choice beside Format (FormatterChoice.tsx).
    await expect(service.format(dir, path, '{ }')).rejects.toMatchObject({
      hint: expect.stringContaining('alejandra in the Formatter setting beside the Format button'),
    })
  })
})

describe('checks never write flake.lock', () => {
  it('listing hosts, checking one and reading sources leave a lock that lacks an input as it is', async () => {
    const dep = makeRepo(join(tempDir(), 'dep'), { 'README.md': 'dep\n' })
    const dir = makeRepo(join(tempDir(), 'cfg'), {
      'flake.nix': hostFlake.replace(
        'outputs = { self }:',
        `inputs.dep = { url = "git+file://${dep}"; flake = false; };\n  outputs = { self, dep }:`,
      ),
      'hosts/alpha.nix': goodHost,
      'hosts/beta.nix': goodHost,
    })
    // No flake.lock: nix would write one (with `dep`) unless told not to.
    expect((await check.hosts(dir)).hosts).toEqual(['alpha', 'beta'])
    expect((await check.checkHost(dir, 'alpha')).ok).toBe(true)
    expect(await check.sourcePaths(dir)).toHaveLength(1)
    expect(existsSync(join(dir, 'flake.lock'))).toBe(false)
  })
})
