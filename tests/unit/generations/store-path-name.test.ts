import { describe, expect, it } from 'vitest'
import { parseStorePathName, splitDrvName } from '../../../src/shared/generations/store-path-name'

const hash = '0a1bcd2fgh3ijk4lmn5pqr6svw7xyz89'

describe('parseStorePathName', () => {
  it.each([
    ['python3.12-requests-2.31.0', 'python3.12-requests', '2.31.0', 'out'],
    ['linux-6.6.30-modules', 'linux', '6.6.30', 'modules'],
    ['linux-6.6.30-modules-shrunk', 'linux', '6.6.30', 'modules-shrunk'],
    ['linux-6.6.30', 'linux', '6.6.30', 'out'],
    ['foo-unstable-2024-05-01', 'foo', 'unstable-2024-05-01', 'out'],
    ['pkg0-man-unstable-2026-01-10', 'pkg0-man', 'unstable-2026-01-10', 'out'],
    ['vim-9.1.0-man', 'vim', '9.1.0', 'man'],
    ['gcc-13.2.0-lib', 'gcc', '13.2.0', 'lib'],
    ['hello-2.12.1', 'hello', '2.12.1', 'out'],
    ['glibc-2.39-52', 'glibc', '2.39-52', 'out'],
    ['glibc-2.39-52-bin', 'glibc', '2.39-52', 'bin'],
    [
      'nixos-system-host-24.05.20240101.abcdef',
      'nixos-system-host',
      '24.05.20240101.abcdef',
      'out',
    ],
    ['source', 'source', '', 'out'],
    ['etc', 'etc', '', 'out'],
    ['system-path', 'system-path', '', 'out'],
    ['firefox-125.0.1', 'firefox', '125.0.1', 'out'],
    ['openssl-3.0.13-bin', 'openssl', '3.0.13', 'bin'],
    ['openssl-3.0.13-dev', 'openssl', '3.0.13', 'dev'],
    ['shared-mime-info-2.4', 'shared-mime-info', '2.4', 'out'],
    ['man-pages-6.7', 'man-pages', '6.7', 'out'],
    ['foo-2.0-beta', 'foo', '2.0-beta', 'out'],
    ['dbus-1', 'dbus', '1', 'out'],
    ['perl5.38.2-Locale-gettext-1.07', 'perl5.38.2-Locale-gettext', '1.07', 'out'],
  ])('%s → %s %s (%s)', (fullName, name, version, output) => {
    const parsed = parseStorePathName(fullName)
    expect(parsed).toEqual({ hash: null, fullName, name, version, output })
  })

  it('reads the hash off a store path and ignores a path inside it', () => {
    expect(parseStorePathName(`/nix/store/${hash}-etc`)).toEqual({
      hash,
      fullName: 'etc',
      name: 'etc',
      version: '',
      output: 'out',
    })
    expect(parseStorePathName(`/nix/store/${hash}-linux-6.6.30/bzImage`)).toMatchObject({
      hash,
      name: 'linux',
      version: '6.6.30',
    })
    expect(parseStorePathName(`${hash}-vim-9.1.0-man`)).toMatchObject({
      hash,
      name: 'vim',
      version: '9.1.0',
      output: 'man',
    })
  })
})

describe('splitDrvName (nix DrvName)', () => {
  it.each([
    ['apache-httpd-2.0.48', 'apache-httpd', '2.0.48'],
    ['foo-unstable-2024-05-01', 'foo-unstable', '2024-05-01'],
    ['nix-2.8.0pre', 'nix', '2.8.0pre'],
    ['a-_b', 'a', '_b'],
    ['noversion', 'noversion', ''],
    ['trailing-', 'trailing-', ''],
  ])('%s → %s / %s', (full, name, version) => {
    expect(splitDrvName(full)).toEqual({ name, version })
  })
})
