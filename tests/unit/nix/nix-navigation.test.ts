import { describe, expect, it } from 'vitest'
import { nixOutline, type NixSymbol } from '../../../src/shared/nix/nix-outline'
import { pathLiteralAt, pathLiterals, resolvePathLiteral } from '../../../src/shared/nix/nix-paths'

const names = (symbols: NixSymbol[]): unknown =>
  symbols.map((s) => (s.children.length ? { [s.name]: names(s.children) } : s.name))

describe('path literals', () => {
  it('finds ./ and ../ paths, with their places', () => {
    expect(pathLiterals('  imports = [ ./hardware.nix ../modules/x.nix ./hosts/a ];')).toEqual([
      { text: './hardware.nix', start: 14, end: 28 },
      { text: '../modules/x.nix', start: 29, end: 45 },
      { text: './hosts/a', start: 46, end: 55 },
    ])
    expect(pathLiterals('x = import ./lib/default.nix { };')[0]!.text).toBe('./lib/default.nix')
    // `./.` is the file's own folder, a path like any other.
    expect(pathLiterals('src = ./.;').map((p) => p.text)).toEqual(['./.'])
  })

  it('leaves out paths in strings and comments, and non-relative ones', () => {
    expect(pathLiterals('a = "./not-a-path.nix"; b = ./yes.nix;').map((p) => p.text)).toEqual([
      './yes.nix',
    ])
    expect(pathLiterals('b = 1; # see ./old.nix')).toEqual([])
    expect(pathLiterals('p = /etc/nixos/x.nix; q = ~/x.nix; r = <nixpkgs/lib>;')).toEqual([])
    expect(pathLiterals('url = "github:a/b"; x = a./b;')).toEqual([])
  })

  it('finds the literal under a column, inclusive of its ends', () => {
    const line = 'imports = [ ./a.nix ./b ];'
    expect(pathLiteralAt(line, 12)!.text).toBe('./a.nix')
    expect(pathLiteralAt(line, 19)!.text).toBe('./a.nix')
    expect(pathLiteralAt(line, 22)!.text).toBe('./b')
    expect(pathLiteralAt(line, 2)).toBeNull()
  })

  const files = new Set([
    'flake.nix',
    'default.nix',
    'hosts/alpha/default.nix',
    'hosts/alpha/hardware.nix',
    'modules/x.nix',
    'modules/desktop/default.nix',
  ])

  it('resolves relative to the file, a folder to its default.nix', () => {
    expect(resolvePathLiteral('hosts/alpha/default.nix', './hardware.nix', files)).toBe(
      'hosts/alpha/hardware.nix',
    )
    expect(resolvePathLiteral('hosts/alpha/default.nix', '../../modules/x.nix', files)).toBe(
      'modules/x.nix',
    )
    expect(resolvePathLiteral('flake.nix', './modules/desktop', files)).toBe(
      'modules/desktop/default.nix',
    )
    expect(resolvePathLiteral('flake.nix', './modules/desktop/', files)).toBe(
      'modules/desktop/default.nix',
    )
    expect(resolvePathLiteral('flake.nix', './.', files)).toBe('default.nix')
    expect(resolvePathLiteral('flake.nix', './hosts/alpha/./hardware.nix', files)).toBe(
      'hosts/alpha/hardware.nix',
    )
  })

  it('gives nothing for a missing file or a path leaving the repo', () => {
    expect(resolvePathLiteral('flake.nix', './missing.nix', files)).toBeNull()
    expect(resolvePathLiteral('flake.nix', './modules', files)).toBeNull()
    expect(resolvePathLiteral('flake.nix', '../outside/default.nix', files)).toBeNull()
    expect(resolvePathLiteral('hosts/alpha/default.nix', '../../..', files)).toBeNull()
  })
})

describe('outline', () => {
  it('nests a module’s attribute sets as written', () => {
    const source = `{ config, pkgs, lib, ... }:
{
  imports = [ ./hardware.nix ];
  boot.loader.systemd-boot.enable = true;
  services.openssh = {
    enable = true;
    settings = { PermitRootLogin = "no"; };
  };
  networking = lib.mkIf config.x { hostName = "a"; };
  "quoted.name" = 1;
  users.users.me = { shell = pkgs.zsh; } // { extra = 1; };
}
`
    expect(names(nixOutline(source))).toEqual([
      'imports',
      'boot.loader.systemd-boot.enable',
      { 'services.openssh': ['enable', { settings: ['PermitRootLogin'] }] },
      { networking: ['hostName'] },
      '"quoted.name"',
      { 'users.users.me': ['shell', 'extra'] },
    ])
  })

  it('gives each symbol its range and name range', () => {
    const source = '{\n  a = {\n    b = 1;\n  };\n}\n'
    const [a] = nixOutline(source)
    expect(a).toMatchObject({
      name: 'a',
      isSet: true,
      range: { startLine: 2, startColumn: 3, endLine: 4, endColumn: 5 },
      nameRange: { startLine: 2, startColumn: 3, endLine: 2, endColumn: 4 },
    })
    expect(a!.children[0]).toMatchObject({
      name: 'b',
      isSet: false,
      range: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 11 },
    })
  })

  it('reads let … in, strings with interpolation and braces in them, and comments', () => {
    const source = `let
  name = "x";
  script = ''
    echo \${name} { not = a; binding }
    ''\${escaped}
  '';
  # commented = { out = 1; };
  /* also = 1; */
  helper = x: let y = x; in { inner = y; };
in {
  environment.etc."a.conf".text = "\${name}; b = 2;";
  value = if a == b then { t = 1; } else { };
}
`
    expect(names(nixOutline(source))).toEqual([
      'name',
      'script',
      { helper: ['y', 'inner'] },
      'environment.etc."a.conf".text',
      { value: ['t'] },
    ])
  })

  it('still outlines the readable part of a broken file', () => {
    const source = '{\n  a = 1;\n  b = { c = ; };\n  d = {\n'
    expect(names(nixOutline(source))).toEqual(['a', { b: ['c'] }, 'd'])
    expect(nixOutline('')).toEqual([])
  })

  it('ignores function argument sets and inherit', () => {
    const source =
      '{ pkgs ? import <nixpkgs> { }, lib }:\n{ inherit (lib) mkIf; inherit pkgs; x = 1; }'
    expect(names(nixOutline(source))).toEqual(['x'])
  })
})
