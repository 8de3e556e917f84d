// nixos-rebuild is not installed here: these tests check the argument lists only.
import { describe, expect, it } from 'vitest'
import {
  buildRebuildPlan,
  expandCommandTemplate,
  nixosRebuildProfile,
  resolveArgv,
  splitCommandLine,
  toplevelInstallable,
  toplevelPlaceholder,
  type RebuildCommandInput,
} from '../../../src/main/services/rebuild/rebuild-command'

const base: RebuildCommandInput = {
  mode: 'nixos-rebuild',
  action: 'switch',
  repo: '/home/me/flake',
  host: 'laptop',
  extraArgs: [],
  customCommand: null,
  sudo: false,
  profilePath: '/nix/var/nix/profiles/system',
  structuredLog: true,
  confirmBeforeActivate: false,
  flakeFeatureFlags: false,
  outLink: '/data/rebuild/abc/result',
}

const argvs = (input: Partial<RebuildCommandInput>) =>
  buildRebuildPlan({ ...base, ...input }).steps.map((s) => s.argv)

describe('nixos-rebuild mode', () => {
  it('runs nixos-rebuild ACTION --flake REPO#HOST with the JSON log', () => {
    expect(argvs({})).toEqual([
      [
        'nixos-rebuild',
        'switch',
        '--flake',
        '/home/me/flake#laptop',
        '--log-format',
        'internal-json',
        '-v',
      ],
    ])
    expect(argvs({ action: 'dry-build', structuredLog: false })).toEqual([
      ['nixos-rebuild', 'dry-build', '--flake', '/home/me/flake#laptop'],
    ])
  })

  it('puts sudo before actions that activate, and extra arguments last', () => {
    const extraArgs = ['--target-host', 'root@box', '--option', 'max-jobs', '4']
    expect(argvs({ sudo: true, structuredLog: false, extraArgs })).toEqual([
      ['sudo', 'nixos-rebuild', 'switch', '--flake', '/home/me/flake#laptop', ...extraArgs],
    ])
    for (const action of ['boot', 'test'] as const) {
      expect(argvs({ sudo: true, action })[0]![0]).toBe('sudo')
    }
    for (const action of ['build', 'dry-build'] as const) {
      expect(argvs({ sudo: true, action })[0]![0]).toBe('nixos-rebuild')
    }
  })

  it("runs the user's own command, filled in but never through a shell", () => {
    expect(
      argvs({ customCommand: 'nh os {action} {repo} --hostname {host}', structuredLog: false }),
    ).toEqual([['nh', 'os', 'switch', '/home/me/flake', '--hostname', 'laptop']])
    expect(
      argvs({
        customCommand: `nixos-rebuild {action} --flake "{flake}" --option 'extra features' "a \\"b\\""`,
        structuredLog: false,
      }),
    ).toEqual([
      [
        'nixos-rebuild',
        'switch',
        '--flake',
        '/home/me/flake#laptop',
        '--option',
        'extra features',
        'a "b"',
      ],
    ])
  })

  it('builds first, asks the built system what it would restart, and activates after confirmation', () => {
    const plan = buildRebuildPlan({ ...base, confirmBeforeActivate: true, sudo: true })
    expect(plan.confirmBeforeStep).toBe(2)
    const flake = ['--flake', '/home/me/flake#laptop', '--log-format', 'internal-json', '-v']
    expect(plan.steps.map((s) => s.argv)).toEqual([
      ['nixos-rebuild', 'build', ...flake],
      ['sudo', `${toplevelPlaceholder}/bin/switch-to-configuration`, 'dry-activate'],
      ['sudo', 'nixos-rebuild', 'switch', ...flake],
    ])
    expect(plan.steps.map((s) => [s.kind, s.structuredLog, s.optional])).toEqual([
      ['rebuild', true, false],
      ['dry-activate', false, true],
      ['rebuild', true, false],
    ])
    // nixos-rebuild build leaves ./result: that is the toplevel the dry activation asks.
    expect(resolveArgv(plan.steps[1]!.argv, '/nix/store/abc-nixos-system')).toEqual([
      'sudo',
      '/nix/store/abc-nixos-system/bin/switch-to-configuration',
      'dry-activate',
    ])
    expect(argvs({ action: 'test', confirmBeforeActivate: true, structuredLog: false })).toEqual([
      ['nixos-rebuild', 'build', '--flake', '/home/me/flake#laptop'],
      [`${toplevelPlaceholder}/bin/switch-to-configuration`, 'dry-activate'],
      ['nixos-rebuild', 'test', '--flake', '/home/me/flake#laptop'],
    ])
    // A boot restarts nothing now; another machine's services are not this machine's.
    const boot = buildRebuildPlan({ ...base, action: 'boot', confirmBeforeActivate: true })
    expect(boot.steps.map((s) => s.argv.slice(0, 2))).toEqual([
      ['nixos-rebuild', 'build'],
      ['nixos-rebuild', 'boot'],
    ])
    expect(boot.confirmBeforeStep).toBe(1)
    for (const extraArgs of [['--target-host', 'root@box'], ['--target-host=root@box']]) {
      const remote = buildRebuildPlan({ ...base, confirmBeforeActivate: true, extraArgs })
      expect(remote.steps.map((s) => s.kind)).toEqual(['rebuild', 'rebuild'])
      expect(remote.confirmBeforeStep).toBe(1)
    }
    expect(
      argvs({
        confirmBeforeActivate: true,
        customCommand: 'nh os {action} {repo} --hostname {host}',
        structuredLog: false,
      }),
    ).toEqual([
      ['nh', 'os', 'build', '/home/me/flake', '--hostname', 'laptop'],
      [`${toplevelPlaceholder}/bin/switch-to-configuration`, 'dry-activate'],
      ['nh', 'os', 'switch', '/home/me/flake', '--hostname', 'laptop'],
    ])
    expect(
      buildRebuildPlan({ ...base, action: 'build', confirmBeforeActivate: true }),
    ).toMatchObject({ confirmBeforeStep: null })
    expect(() =>
      buildRebuildPlan({ ...base, confirmBeforeActivate: true, customCommand: 'my-rebuild' }),
    ).toThrow(/needs \{action\}/)
  })
})

describe('profile mode', () => {
  const profile: Partial<RebuildCommandInput> = { mode: 'profile', profilePath: '/tmp/p/system' }
  const installable = '/home/me/flake#nixosConfigurations.laptop.config.system.build.toplevel'
  const nixBuild = [
    'nix',
    'build',
    installable,
    '--out-link',
    '/data/rebuild/abc/result',
    '--log-format',
    'internal-json',
    '-v',
  ]
  const activate = (action: string) => [
    `${toplevelPlaceholder}/bin/switch-to-configuration`,
    action,
  ]
  const setProfile = ['nix-env', '-p', '/tmp/p/system', '--set', toplevelPlaceholder]

  it('switch: build, set the profile, activate', () => {
    const plan = buildRebuildPlan({ ...base, ...profile })
    expect(plan.steps.map((s) => s.argv)).toEqual([nixBuild, setProfile, activate('switch')])
    expect(plan.steps.map((s) => [s.kind, s.structuredLog, s.optional])).toEqual([
      ['build', true, false],
      ['set-profile', false, false],
      ['activate', false, true],
    ])
  })

  it('boot sets the profile; test only activates; build only builds', () => {
    expect(argvs({ ...profile, action: 'boot' })).toEqual([nixBuild, setProfile, activate('boot')])
    expect(argvs({ ...profile, action: 'test' })).toEqual([nixBuild, activate('test')])
    expect(argvs({ ...profile, action: 'build' })).toEqual([nixBuild])
    expect(argvs({ ...profile, action: 'dry-build', extraArgs: ['-L'] })).toEqual([
      ['nix', 'build', installable, '--dry-run', '--log-format', 'internal-json', '-v', '-L'],
    ])
  })

  it('uses sudo for the profile and the activation, never for the build', () => {
    expect(argvs({ ...profile, sudo: true })).toEqual([
      nixBuild,
      ['sudo', ...setProfile],
      ['sudo', ...activate('switch')],
    ])
  })

  it("passes nix's feature flags where the config does not enable flakes", () => {
    expect(argvs({ ...profile, action: 'build', flakeFeatureFlags: true })[0]!.slice(0, 4)).toEqual(
      ['nix', '--extra-experimental-features', 'nix-command flakes', 'build'],
    )
  })

  it('asks the built system what it would restart, then waits for confirmation before the profile is set', () => {
    const plan = buildRebuildPlan({ ...base, ...profile, confirmBeforeActivate: true, sudo: true })
    expect(plan.steps.map((s) => s.argv)).toEqual([
      nixBuild,
      ['sudo', ...activate('dry-activate')],
      ['sudo', ...setProfile],
      ['sudo', ...activate('switch')],
    ])
    expect(plan.steps[1]).toMatchObject({ kind: 'dry-activate', optional: true })
    expect(plan.confirmBeforeStep).toBe(2)
    expect(argvs({ ...profile, action: 'test', confirmBeforeActivate: true })).toEqual([
      nixBuild,
      activate('dry-activate'),
      activate('test'),
    ])
    const boot = buildRebuildPlan({
      ...base,
      ...profile,
      action: 'boot',
      confirmBeforeActivate: true,
    })
    expect(boot.steps.map((s) => s.argv)).toEqual([nixBuild, setProfile, activate('boot')])
    expect(boot.confirmBeforeStep).toBe(1)
    // Without the look before switching, nothing asks.
    expect(argvs({ ...profile, action: 'test' })).toEqual([nixBuild, activate('test')])
    expect(
      buildRebuildPlan({ ...base, ...profile, action: 'build', confirmBeforeActivate: true })
        .confirmBeforeStep,
    ).toBeNull()
  })

  it('fills in the built toplevel', () => {
    expect(resolveArgv(['sudo', ...activate('test')], '/nix/store/abc-system')).toEqual([
      'sudo',
      '/nix/store/abc-system/bin/switch-to-configuration',
      'test',
    ])
    expect(() => resolveArgv(setProfile, null)).toThrow(/none was built/)
  })
})

describe('flake references and command lines', () => {
  it('quotes host names that are not plain attribute names', () => {
    expect(toplevelInstallable('/r', 'my.host')).toBe(
      '/r#nixosConfigurations."my.host".config.system.build.toplevel',
    )
    expect(() => toplevelInstallable('/r', 'a"b')).toThrow(/cannot be used/)
    expect(() => toplevelInstallable('/r#x', 'a')).toThrow(/contains "#"/)
    expect(() => toplevelInstallable('relative', 'a')).toThrow(/not absolute/)
  })

  it('splits like a shell, but keeps what a shell would run as plain words', () => {
    expect(splitCommandLine(`echo $(touch /tmp/x); ls | wc > out && rm -rf *`)).toEqual([
      'echo',
      '$(touch',
      '/tmp/x);',
      'ls',
      '|',
      'wc',
      '>',
      'out',
      '&&',
      'rm',
      '-rf',
      '*',
    ])
    expect(splitCommandLine(`a\\ b '' "c'd" e\\"f`)).toEqual(['a b', '', "c'd", 'e"f'])
    expect(() => splitCommandLine(`nh os 'switch`)).toThrow(/unclosed quote/)
    expect(() =>
      expandCommandTemplate('   ', { action: 'a', repo: 'r', host: 'h', flake: 'f' }),
    ).toThrow(/empty/)
  })

  it('puts values in as single words, whatever they hold', () => {
    expect(
      expandCommandTemplate('run {repo} {unknown}', {
        action: 'switch',
        repo: '/path with spaces/$(x)',
        host: 'h',
        flake: 'f',
      }),
    ).toEqual(['run', '/path with spaces/$(x)', '{unknown}'])
  })
})

describe('the profile a plan writes', () => {
  it('is the given profile in profile mode, for every action', () => {
    for (const action of ['switch', 'boot', 'test', 'build', 'dry-build'] as const) {
      expect(
        buildRebuildPlan({
          ...base,
          mode: 'profile',
          action,
          profilePath: '/srv/sysprofile/system',
        }).profilePath,
      ).toBe('/srv/sysprofile/system')
    }
  })

  it("is nixos-rebuild's own in nixos-rebuild mode, with --profile-name honoured", () => {
    expect(nixosRebuildProfile([])).toBe('/nix/var/nix/profiles/system')
    expect(nixosRebuildProfile(['--show-trace', '--profile-name', 'work'])).toBe(
      '/nix/var/nix/profiles/system-profiles/work',
    )
    expect(nixosRebuildProfile(['-p', 'lab'])).toBe('/nix/var/nix/profiles/system-profiles/lab')
    expect(nixosRebuildProfile(['--profile-name=x'])).toBe(
      '/nix/var/nix/profiles/system-profiles/x',
    )
  })
})
