// Flakedeck's own flake (flake.nix, flake.lock, nix/): what a NixOS user runs (`nix run`,
// `nix develop`, `nix profile install`, the NixOS module). nixpkgs cannot be fetched here, so real
// nix evaluates the outputs against a local stand-in (tests/fixtures/project-fake-nixpkgs.ts); the
// launcher script runs for real, with fake Electron binaries that report how they were called.
import { execFileSync, spawnSync } from 'node:child_process'
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mainHelp } from '../../src/main/cli/run-cli'
import { atLeast, parseNixVersion } from '../../src/main/services/nix-version'
import {
  fakeElectronVersion,
  fakeNodeVersion,
  makeProjectFakeNixpkgs,
} from '../fixtures/project-fake-nixpkgs'
import { makeRepo } from '../helpers/git-repo'
import { nixSystem } from '../helpers/nix-env'
import { useTempDirs } from '../helpers/temp-dir'

const root = resolve(import.meta.dirname, '../..')
const systems = ['x86_64-linux', 'aarch64-linux']
/** Only ever written into the test's copy, to evaluate the package as if a hash were pinned. */
const testOnlyHash = `sha256-${'A'.repeat(43)}=`

const read = (path: string) => readFileSync(join(root, path), 'utf8')

/** The files of the flake (nix only sees git-tracked files, so the copies are committed). */
function flakeFiles(): Record<string, string> {
  const files: Record<string, string> = {}
  for (const path of ['flake.nix', 'flake.lock', 'package.json', 'package-lock.json']) {
    files[path] = read(path)
  }
  for (const entry of readdirSync(join(root, 'nix'), { recursive: true, encoding: 'utf8' })) {
    const path = join('nix', entry)
    if (statSync(join(root, path)).isFile()) files[path] = read(path)
  }
  return files
}

function run(command: string, args: string[], cwd = root) {
  return spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000 })
}

type Output = 'apps' | 'devShells' | 'nixosModules' | 'overlays' | 'packages'
type DevShell = {
  ELECTRON_SKIP_BINARY_DOWNLOAD: string
  ELECTRON_OVERRIDE_DIST_PATH: string
  ELECTRON_EXEC_PATH: string
  ELECTRON_MAJOR_VER: string
  npm_config_nodedir: string
  FLAKEDECK_CHROMIUM: string
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: string
  packages: string[]
}

let work: string
let fake: { url: string; overrides: string[] }
let project: string // the flake as it is
let pinned: string // the same with a (test-only) npmDepsHash

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'flakedeck-project-flake-'))
  fake = makeProjectFakeNixpkgs(work)
  project = makeRepo(join(work, 'flakedeck'), flakeFiles())
  pinned = makeRepo(join(work, 'flakedeck-pinned'), {
    ...flakeFiles(),
    'nix/npm-deps-hash.nix': `"${testOnlyHash}"\n`,
  })
})

afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

/** `nix eval --json` of an attribute of a flake copy, with the fake nixpkgs in place. */
function evalJson<T>(flake: string, attr: string, apply?: string, impure = false): T {
  const args = ['eval', '--json', ...fake.overrides, `git+file://${flake}#${attr}`]
  if (apply) args.push('--apply', apply)
  if (impure) args.push('--impure')
  const result = run('nix', args)
  if (result.status !== 0) throw new Error(`nix ${args.join(' ')} failed:\n${result.stderr}`)
  return JSON.parse(result.stdout) as T
}

const fakePaths = new Map<string, string>()

/** The store path of a package of the fake nixpkgs, e.g. 'electron' or 'electron.headers'. */
function fakePkgPath(attr: string): string {
  const known = fakePaths.get(attr)
  if (known) return known
  const ref = `${fake.url}#legacyPackages.${nixSystem}.${attr}.outPath`
  const path = execFileSync('nix', ['eval', '--raw', ref], { encoding: 'utf8' })
  fakePaths.set(attr, path)
  return path
}

describe('the flake files', () => {
  it('parse', () => {
    const files = Object.keys(flakeFiles()).filter((f) => f.endsWith('.nix'))
    expect(files).toEqual(expect.arrayContaining(['flake.nix', 'nix/package.nix', 'nix/shell.nix']))
    for (const file of files) {
      const result = run('nix-instantiate', ['--parse', file])
      expect(result.stderr, file).toBe('')
      expect(result.status, file).toBe(0)
    }
  })

  it('lock nixpkgs (nixos-25.11) as their only input, and nix accepts the lock as it is', () => {
    expect(read('flake.nix')).toMatch(
      /inputs\.nixpkgs\.url = "github:NixOS\/nixpkgs\/nixos-25\.11";/,
    )
    expect(JSON.parse(read('flake.lock'))).toEqual({
      nodes: {
        nixpkgs: {
          locked: {
            lastModified: 1778430510,
            narHash: 'sha256-Ti+ZBvW6yrWWAg2szExVTwCd4qOJ3KlVr1tFHfyfi8Q=',
            owner: 'NixOS',
            repo: 'nixpkgs',
            rev: '8fd9daa3db09ced9700431c5b7ad0e8ba199b575',
            type: 'github',
          },
          original: { owner: 'NixOS', ref: 'nixos-25.11', repo: 'nixpkgs', type: 'github' },
        },
        root: { inputs: { nixpkgs: 'nixpkgs' } },
      },
      root: 'root',
      version: 7,
    })
    // A lock that does not match flake.nix's inputs would make nix update it, from the network.
    const result = run('nix', ['flake', 'metadata', '--json', '--no-update-lock-file', project])
    expect(result.stderr).not.toMatch(/error/)
    expect(result.status).toBe(0)
  })

  it('name only files that exist in the package source', () => {
    const packageNix = read('nix/package.nix')
    const fileset = packageNix.match(/fileset = lib\.fileset\.unions \[([^\]]*)\]/)?.[1] ?? ''
    const paths = [...fileset.matchAll(/\.\.\/([\w.-]+)/g)].map((m) => m[1] ?? '')
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'src']))
    for (const path of paths) expect(() => statSync(join(root, path)), path).not.toThrow()
  })
})

describe('the outputs', () => {
  it('are the package, app, dev shell, overlay and NixOS module, for both Linux systems', () => {
    // nix 2.14 and newer show other systems' outputs only when asked to (`{}` otherwise).
    const version = parseNixVersion(run('nix', ['--version']).stdout)
    const allSystems = version && atLeast(version, 2, 14) ? ['--all-systems'] : []
    const result = run('nix', [
      'flake',
      'show',
      '--json',
      ...allSystems,
      ...fake.overrides,
      project,
    ])
    expect(result.status, result.stderr).toBe(0)
    const show = JSON.parse(result.stdout) as Record<Output, Record<string, unknown>>
    expect(Object.keys(show).sort()).toEqual([
      'apps',
      'devShells',
      'nixosModules',
      'overlays',
      'packages',
    ])
    for (const system of systems) {
      expect(show.packages[system]).toMatchObject({
        default: { type: 'derivation', name: 'flakedeck-0.1.0' },
        flakedeck: { type: 'derivation', name: 'flakedeck-0.1.0' },
      })
      // nix 2.8 shows an app's type only; newer nix adds its meta.description.
      const apps = show.apps[system] as Record<string, { type?: string; description?: string }>
      expect(Object.keys(apps)).toEqual(['default'])
      expect(apps.default?.type).toBe('app')
      const description = apps.default?.description
      if (description !== undefined) expect(description).toMatch(/^Edit, update, rebuild/)
      expect(show.devShells[system]).toMatchObject({ default: { type: 'derivation' } })
    }
    expect(show.nixosModules).toEqual({ default: { type: 'nixos-module' } })
    expect(show.overlays).toEqual({ default: { type: 'nixpkgs-overlay' } })
  })

  it('pass nix flake check (evaluation only: nothing can be built here)', () => {
    const result = run('nix', ['flake', 'check', '--no-build', ...fake.overrides, pinned])
    expect(result.status, result.stderr).toBe(0)
  })

  it('the dev shell has Node 22, python3, git, nix, Chromium and nixpkgs’ Electron', () => {
    const shell = evalJson<DevShell>(
      project,
      `devShells.${nixSystem}.default`,
      `d: {
        inherit (d) ELECTRON_SKIP_BINARY_DOWNLOAD ELECTRON_OVERRIDE_DIST_PATH ELECTRON_EXEC_PATH
          ELECTRON_MAJOR_VER npm_config_nodedir FLAKEDECK_CHROMIUM PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD;
        packages = map (p: p.name) d.packages;
      }`,
    )
    expect(shell.packages).toEqual(
      expect.arrayContaining([
        `nodejs-${fakeNodeVersion}`,
        expect.stringMatching(/^python3-/),
        expect.stringMatching(/^git-/),
        expect.stringMatching(/^nix-/),
        expect.stringMatching(/^chromium-/),
        `electron-${fakeElectronVersion}`,
      ]),
    )
    const electron = fakePkgPath('electron')
    expect(shell.ELECTRON_SKIP_BINARY_DOWNLOAD).toBe('1')
    // node_modules/electron/index.js joins it with path.txt's name, or 'electron'.
    expect(join(shell.ELECTRON_OVERRIDE_DIST_PATH, 'electron')).toBe(`${electron}/bin/electron`)
    // electron-vite (npm start) ignores that and reads ELECTRON_EXEC_PATH.
    expect(shell.ELECTRON_EXEC_PATH).toBe(`${electron}/bin/electron`)
    expect(shell.ELECTRON_MAJOR_VER).toBe(fakeElectronVersion.split('.')[0])
    expect(shell.npm_config_nodedir).toMatch(
      new RegExp(`^/nix/store/[a-z0-9]{32}-electron-headers-${fakeElectronVersion}$`),
    )
    expect(shell.FLAKEDECK_CHROMIUM).toBe(`${fakePkgPath('chromium')}/bin/chromium`)
    expect(shell.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD).toBe('1')
  })

  it('the dev shell and the package build against nixpkgs’ electron.headers, unpacked', () => {
    const headers = evalJson<{ path: string; script: string }>(
      project,
      `packages.${nixSystem}.default.electronHeaders`,
      'h: { path = h.outPath; script = builtins.elemAt h.args 1; }',
    )
    expect(evalJson<string>(project, `devShells.${nixSystem}.default.npm_config_nodedir`)).toBe(
      headers.path,
    )
    // The script, run on a headers tarball and on a headers directory (the two forms of
    // electron.headers), leaves the directory node-gyp's --nodedir wants.
    const upstream = fakePkgPath('electron.headers')
    expect(headers.script).toContain(upstream)
    const dir = mkdtempSync(join(work, 'headers-'))
    const tree = join(dir, 'node_headers')
    mkdirSync(join(tree, 'include/node'), { recursive: true })
    writeFileSync(join(tree, 'include/node/node_version.h'), '#define NODE_MODULE_VERSION 140\n')
    execFileSync('tar', ['-czf', join(dir, 'headers.tar.gz'), '-C', dir, 'node_headers'])
    const forms: [source: string, out: string][] = [
      [join(dir, 'headers.tar.gz'), join(dir, 'from-tarball')],
      [tree, join(dir, 'from-directory')],
    ]
    for (const [source, out] of forms) {
      const result = spawnSync('bash', ['-e', '-c', headers.script.replaceAll(upstream, source)], {
        env: { ...process.env, out },
        encoding: 'utf8',
      })
      expect(result.status, result.stderr).toBe(0)
      expect(readFileSync(join(out, 'include/node/node_version.h'), 'utf8')).toContain('140')
    }
  })

  it('the dev shell points the app at the better-sqlite3 build that npm start makes', () => {
    const hook = evalJson<string>(project, `devShells.${nixSystem}.default.shellHook`)
    const checkout = makeRepo(join(work, `checkout-${Date.now()}`), {
      'package-lock.json': read('package-lock.json'),
    })
    const result = spawnSync('bash', ['-c', `${hook}\nprintf %s "$FLAKEDECK_SQLITE_BINDING"`], {
      cwd: checkout,
      encoding: 'utf8',
      env: { ...process.env, FLAKEDECK_SQLITE_BINDING: '' },
    })
    expect(result.status, result.stderr).toBe(0)
    // Where scripts/native-for-electron.mjs puts it: .native/electron-<npm package version>/.
    const npmElectron = (
      JSON.parse(read('package-lock.json')) as {
        packages: Record<string, { version: string }>
      }
    ).packages['node_modules/electron']?.version
    expect(result.stdout.trim().split('\n').at(-1)).toBe(
      join(checkout, '.native', `electron-${npmElectron}`, 'better_sqlite3.node'),
    )
  })

  it('the package does not build until npmDepsHash is pinned, and says so', () => {
    expect(evalJson<string>(project, `packages.${nixSystem}.default.name`)).toBe('flakedeck-0.1.0')
    const args = ['eval', '--raw', ...fake.overrides]
    const result = run('nix', [
      ...args,
      `git+file://${project}#packages.${nixSystem}.default.drvPath`,
    ])
    expect(result.status).not.toBe(0)
    expect(result.stderr).toContain('npmDepsHash is not pinned yet')
  })

  it('the package builds native modules for nixpkgs’ Electron and installs a launcher', () => {
    const pkg = evalJson<{
      drvPath: string
      nodejs: string
      env: Record<string, string>
      npmRebuildFlags: string[]
      preBuild: string
      installPhase: string
      headers: string
      meta: { mainProgram: string }
    }>(
      pinned,
      `packages.${nixSystem}.default`,
      `p: {
        inherit (p) drvPath npmRebuildFlags preBuild installPhase meta;
        nodejs = p.nodejs.name;
        env = { inherit (p) ELECTRON_SKIP_BINARY_DOWNLOAD ELECTRON_MAJOR_VER; };
        headers = p.electronHeaders.outPath;
      }`,
    )
    const electron = fakePkgPath('electron')
    expect(pkg.drvPath).toMatch(/-flakedeck-0\.1\.0\.drv$/)
    expect(pkg.nodejs).toBe(`nodejs-${fakeNodeVersion}`)
    expect(pkg.env).toEqual({
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      ELECTRON_MAJOR_VER: fakeElectronVersion.split('.')[0],
    })
    // No install script may reach for the network; the native build is explicit.
    expect(pkg.npmRebuildFlags).toEqual(['--ignore-scripts'])
    for (const module of ['better-sqlite3', 'node-pty']) expect(pkg.preBuild).toContain(module)
    expect(pkg.preBuild).toContain(
      `--runtime=electron --target=${fakeElectronVersion} --nodedir=${pkg.headers}`,
    )
    expect(pkg.installPhase).toContain(`--subst-var-by electron ${electron}/bin/electron`)
    expect(pkg.installPhase).toContain(
      `--subst-var-by electronNode ${electron}/libexec/electron/electron`,
    )
    expect(pkg.installPhase).toContain(`--subst-var-by fallbackPath ${fakePkgPath('git')}/bin`)
    expect(pkg.installPhase).toContain(
      'install -Dm644 resources/flakedeck.desktop $out/share/applications/flakedeck.desktop',
    )
    expect(pkg.installPhase).toContain('share/icons/hicolor/scalable/apps/flakedeck.svg')
    expect(pkg.installPhase).toContain('share/icons/hicolor/512x512/apps/flakedeck.png')
    expect(pkg.meta.mainProgram).toBe('flakedeck')
  })

  it('nix run starts the package’s launcher', () => {
    const app = evalJson<{ type: string; program: string }>(
      pinned,
      `apps.${nixSystem}.default`,
      'a: { inherit (a) type program; }',
    )
    const out = evalJson<string>(pinned, `packages.${nixSystem}.default.outPath`)
    expect(app).toEqual({ type: 'app', program: `${out}/bin/flakedeck` })
  })

  it('the overlay adds pkgs.flakedeck built from the nixpkgs it is applied to', () => {
    const name = evalJson<string>(
      project,
      'overlays.default',
      `o: let pkgs = (builtins.getFlake "${fake.url}").legacyPackages.${nixSystem};
        in (o pkgs pkgs).flakedeck.name`,
      true,
    )
    expect(name).toBe('flakedeck-0.1.0')
  })
})

describe('the NixOS module', () => {
  type Evaluated = {
    options: Record<string, { _type: string; default?: unknown; type: { name: string } }>
    config: { _type: string; condition: boolean; content: Record<string, unknown> }
    defaultName: string
  }

  function evalModule(enable: boolean): Evaluated {
    return evalJson<Evaluated>(
      project,
      'nixosModules.default',
      `m: let
        fake = builtins.getFlake "${fake.url}";
        pkgs = fake.legacyPackages.${nixSystem};
        r = m {
          inherit pkgs;
          inherit (fake) lib;
          config.programs.flakedeck = { enable = ${enable}; package = pkgs.git; };
        };
        opts = r.options.programs.flakedeck;
      in {
        options = builtins.mapAttrs (_: o: removeAttrs o [ "default" "description" ]) opts;
        defaultName = opts.package.default.name;
        inherit (r) config;
      }`,
      true,
    )
  }

  it('has programs.flakedeck.enable (off by default) and .package (the flake’s package)', () => {
    const module = evalModule(true)
    expect(Object.keys(module.options).sort()).toEqual(['enable', 'package'])
    expect(module.options.enable).toMatchObject({ _type: 'option', type: { name: 'bool' } })
    expect(module.options.package).toMatchObject({ _type: 'option', type: { name: 'package' } })
    expect(module.defaultName).toBe('flakedeck-0.1.0')
  })

  it('adds the package when enabled, and changes no nix settings', () => {
    const on = evalModule(true)
    expect(on.config).toEqual({
      _type: 'if',
      condition: true,
      content: { environment: { systemPackages: [fakePkgPath('git')] } },
    })
    expect(evalModule(false).config.condition).toBe(false)
  })
})

describe('the desktop entry', () => {
  it('passes desktop-file-validate', () => {
    const result = run('desktop-file-validate', ['resources/flakedeck.desktop'])
    expect(result.stdout + result.stderr).toBe('')
    expect(result.status).toBe(0)
  })

  it('runs the installed launcher and names the installed icon', () => {
    const entry = read('resources/flakedeck.desktop')
    expect(entry).toMatch(/^Exec=flakedeck( |$)/m) // meta.mainProgram, on PATH once installed
    expect(entry).toMatch(/^Icon=flakedeck$/m) // share/icons/hicolor/*/apps/flakedeck.{svg,png}
  })
})

describe('the launcher', () => {
  const tempDir = useTempDirs()
  const template = read('nix/flakedeck.sh')

  it('has the placeholders the package fills in, and no others', () => {
    const filled = [...read('nix/package.nix').matchAll(/--subst-var-by (\w+)/g)].map(
      (m) => m[1] ?? '',
    )
    const used = [...new Set([...template.matchAll(/@(\w+)@/g)].map((m) => m[1] ?? ''))]
    expect(used.sort()).toEqual(filled.sort())
  })

  /** The launcher with fake Electron binaries that print how they were called. */
  function launcher(): { path: string; app: string; git: string } {
    const dir = tempDir('flakedeck-launcher-')
    const report = join(dir, 'report.cjs')
    writeFileSync(
      report,
      `const e = process.env
console.log(JSON.stringify({ mode: process.argv[2], args: process.argv.slice(3),
  runAsNode: e.ELECTRON_RUN_AS_NODE ?? null, path: e.PATH ?? null,
  xdgDataDirs: e.XDG_DATA_DIRS ?? null, binding: e.FLAKEDECK_SQLITE_BINDING ?? null }))
`,
    )
    const fakeBin = (name: string, mode: string) => {
      const path = join(dir, name)
      writeFileSync(path, `#!/bin/sh\nexec '${process.execPath}' '${report}' ${mode} "$@"\n`)
      chmodSync(path, 0o755)
      return path
    }
    const app = join(dir, 'lib/flakedeck')
    mkdirSync(app, { recursive: true })
    const git = join(dir, 'git/bin')
    const values: Record<string, string> = {
      shell: '/bin/bash',
      app,
      electron: fakeBin('electron', 'desktop'),
      electronNode: fakeBin('electron-unwrapped', 'node'),
      fallbackPath: git,
    }
    const path = join(dir, 'bin/flakedeck')
    mkdirSync(join(dir, 'bin'))
    writeFileSync(
      path,
      template.replace(/@(\w+)@/g, (_, name: string) => values[name] ?? `@${name}@`),
    )
    chmodSync(path, 0o755)
    return { path, app, git }
  }

  type Call = {
    mode: 'desktop' | 'node'
    args: string[]
    runAsNode: string | null
    path: string | null
    xdgDataDirs: string | null
    binding: string | null
  }

  function call(path: string, args: string[], env: NodeJS.ProcessEnv): Call {
    const out = execFileSync(path, args, { env, encoding: 'utf8' })
    return JSON.parse(out) as Call
  }

  const desktopEnv = { HOME: '/home/ada', USER: 'ada', PATH: '/usr/bin:/bin' }

  it('starts the desktop app with no arguments, a --flake option, or a path or URL (%U)', () => {
    const { path, app } = launcher()
    for (const args of [
      [],
      ['--flake', '/home/ada/nixos-config'],
      ['/home/ada/nixos-config'],
      ['file:///home/ada/nixos-config'],
      ['.'],
    ]) {
      const result = call(path, args, { ...desktopEnv, ELECTRON_RUN_AS_NODE: '1' })
      expect(result, args.join(' ')).toMatchObject({
        mode: 'desktop',
        args: [app, ...args],
        runAsNode: null, // even when the caller's environment had it
        binding: `${app}/node_modules/better-sqlite3/build/Release/better_sqlite3.node`,
      })
    }
  })

  it('runs every CLI command, --help and --version in the same Electron as Node', () => {
    const { path, app } = launcher()
    const commands = [...mainHelp().matchAll(/^ {2}(\w[\w-]*) /gm)].map((m) => m[1] ?? '')
    expect(commands).toContain('serve')
    const calls = [
      ...commands.map((c) => [c, '--help']),
      ['serve', '--flake', '/home/ada/nixos-config', '--port', '7431'],
      ['inputs', '--json'],
      ['generations'],
      ['diff', '41', '42'],
      ['help'],
      ['--help'],
      ['-h'],
      ['--version'],
      ['-v'],
    ]
    for (const args of calls) {
      const result = call(path, args, desktopEnv)
      expect(result, args.join(' ')).toMatchObject({
        mode: 'node',
        args: [`${app}/out/main/cli.js`, ...args],
        runAsNode: '1',
        binding: `${app}/node_modules/better-sqlite3/build/Release/better_sqlite3.node`,
      })
    }
  })

  it('gives a minimal environment NixOS’s tool directories, the user’s entries first', () => {
    const { path, git } = launcher()
    const nixos = [
      '/run/wrappers/bin',
      '/home/ada/.nix-profile/bin',
      '/home/ada/.local/state/nix/profile/bin',
      '/etc/profiles/per-user/ada/bin',
      '/nix/var/nix/profiles/default/bin',
      '/run/current-system/sw/bin',
    ]
    expect(call(path, [], desktopEnv).path).toBe(['/usr/bin', '/bin', ...nixos, git].join(':'))
    // Nothing at all (no PATH, HOME or USER): still the system's directories, after whatever
    // default the shell itself gives PATH (nixpkgs' bash: /no-such-path).
    const system = [
      '/run/wrappers/bin',
      '/nix/var/nix/profiles/default/bin',
      '/run/current-system/sw/bin',
    ]
    expect(call(path, ['--help'], {}).path).toMatch(
      new RegExp(`(^|:)${[...system, git].join(':')}$`),
    )
    // Entries already there keep their place and are not repeated.
    const existing = '/run/current-system/sw/bin:/usr/bin'
    const kept = call(path, [], { ...desktopEnv, PATH: existing }).path ?? ''
    expect(kept.startsWith(`${existing}:`)).toBe(true)
    expect(kept.split(':').filter((d) => d === '/run/current-system/sw/bin')).toHaveLength(1)
  })

  it('sets XDG_DATA_DIRS to NixOS’s locations only when it is unset', () => {
    const { path } = launcher()
    expect(call(path, [], desktopEnv).xdgDataDirs).toBe(
      [
        '/home/ada/.nix-profile/share',
        '/etc/profiles/per-user/ada/share',
        '/nix/var/nix/profiles/default/share',
        '/run/current-system/sw/share',
      ].join(':'),
    )
    expect(call(path, [], { ...desktopEnv, XDG_DATA_DIRS: '/opt/share' }).xdgDataDirs).toBe(
      '/opt/share',
    )
  })
})
