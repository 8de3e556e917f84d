// The dry activation's lines as NixOS's two switch-to-configuration programs print them: the
// Perl script (nixos/modules/system/activation/switch-to-configuration.pl) and its Rust
// successor (pkgs/by-name/sw/switch-to-configuration-ng), read through a pty (\r\n line ends).
import { describe, expect, it } from 'vitest'
import {
  DryActivationOutput,
  emptyUnitChanges,
  parseDryActivation,
} from '../../../src/main/services/rebuild/dry-activation'

const pty = (lines: string[]) => lines.map((line) => `${line}\r\n`).join('')

// switch-to-configuration.pl: stop, NOT stop, systemd, restart, start, reload; the activation
// script's own dry run after "would activate the configuration..." in later versions.
const perlOutput = pty([
  '[sudo] password for me: ',
  'would stop the following units: audit.service, old-vpn.service',
  'would NOT stop the following changed units: display-manager.service',
  'would activate the configuration...',
  'setting up /etc...',
  'would restart systemd',
  'would restart the following units: nginx.service, sshd.service',
  'would start the following units: new-daemon.service, backup.timer',
  'would reload the following units: dbus.service',
])

// switch-to-configuration-ng: the same lines, reload before restart and start, names sorted.
const rustOutput = pty([
  'would stop the following units: audit.service, old-vpn.service',
  'would NOT stop the following changed units: display-manager.service',
  'would stop swap device: /dev/disk/by-uuid/1234',
  'would activate the configuration...',
  'would restart systemd',
  'would reload the following units: dbus.service, templated@instance.service',
  'would restart the following units: nginx.service, sshd.service',
  'would start the following units: backup.timer, new-daemon.service',
])

describe('parseDryActivation', () => {
  it("reads the Perl script's lines", () => {
    expect(parseDryActivation(perlOutput)).toEqual({
      stop: ['audit.service', 'old-vpn.service'],
      skipped: ['display-manager.service'],
      restart: ['nginx.service', 'sshd.service'],
      start: ['new-daemon.service', 'backup.timer'],
      reload: ['dbus.service'],
      restartSystemd: true,
      swapOff: [],
    })
  })

  it("reads switch-to-configuration-ng's lines", () => {
    expect(parseDryActivation(rustOutput)).toEqual({
      stop: ['audit.service', 'old-vpn.service'],
      skipped: ['display-manager.service'],
      restart: ['nginx.service', 'sshd.service'],
      start: ['backup.timer', 'new-daemon.service'],
      reload: ['dbus.service', 'templated@instance.service'],
      restartSystemd: true,
      swapOff: ['/dev/disk/by-uuid/1234'],
    })
  })

  it('finds nothing where nothing would change, and ignores other lines', () => {
    expect(
      parseDryActivation(pty(['would activate the configuration...', 'restarting sshd'])),
    ).toEqual(emptyUnitChanges())
    // A line that only mentions a unit list is not one.
    expect(parseDryActivation('it said would restart the following units: x.service\n')).toEqual(
      emptyUnitChanges(),
    )
  })

  it('reads lines with colours and without a final line end', () => {
    expect(
      parseDryActivation(
        '\u001b[1mwould restart the following units: a.service\u001b[0m\r\nwould start the following units: b.service',
      ),
    ).toMatchObject({ restart: ['a.service'], start: ['b.service'] })
  })
})

describe('DryActivationOutput', () => {
  it('gives the units of a dry activation that succeeded, from chunks split anywhere', () => {
    for (const size of [1, 7, 64, rustOutput.length]) {
      const output = new DryActivationOutput()
      for (let i = 0; i < rustOutput.length; i += size) output.push(rustOutput.slice(i, i + size))
      expect(output.result({ exitCode: 0, signal: null })).toEqual({
        status: 'known',
        units: parseDryActivation(rustOutput),
      })
    }
  })

  it('keeps only the lines it needs from a long activation script output', () => {
    const output = new DryActivationOutput()
    output.push(pty(['would restart the following units: a.service']))
    for (let i = 0; i < 10_000; i++) output.push(`setting up line ${i}\r\n`)
    output.push(pty(['would start the following units: b.service']))
    expect(output.result({ exitCode: 0, signal: null })).toEqual({
      status: 'known',
      units: { ...emptyUnitChanges(), restart: ['a.service'], start: ['b.service'] },
    })
  })

  it('says why it could not tell: the exit and the last line printed', () => {
    const failed = new DryActivationOutput()
    failed.push(pty(['switch-to-configuration: dry-activate', 'This is not a NixOS installation!']))
    expect(failed.result({ exitCode: 1, signal: null })).toEqual({
      status: 'unknown',
      reason:
        'switch-to-configuration dry-activate exited with 1: This is not a NixOS installation!',
    })
    const wrongPassword = new DryActivationOutput()
    wrongPassword.push('[sudo] password for me: \r\nsudo: 3 incorrect password attempts\r\n')
    expect(wrongPassword.result({ exitCode: 1, signal: null })).toMatchObject({
      reason:
        'switch-to-configuration dry-activate exited with 1: sudo: 3 incorrect password attempts',
    })
    const silent = new DryActivationOutput()
    expect(silent.result({ exitCode: 0, signal: 9 })).toEqual({
      status: 'unknown',
      reason: 'switch-to-configuration dry-activate was stopped by signal 9.',
    })
  })
})
