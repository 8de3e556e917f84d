import { describe, expect, test } from 'vitest'
import { readInputUrl, setInputUrl } from '../../../src/main/services/inputs/flake-nix-edit'

const newUrl = 'github:NixOS/nixpkgs/nixos-24.05'

function edited(text: string, name = 'nixpkgs', url = newUrl): string {
  const result = setInputUrl(text, name, url)
  if (!result.ok) throw new Error(result.reason)
  return result.text
}

function refused(text: string, name = 'nixpkgs'): string {
  const result = setInputUrl(text, name, newUrl)
  if (result.ok) throw new Error('expected the edit to be refused')
  return result.reason
}

describe('setInputUrl', () => {
  test('inputs.NAME.url = "…"; only the string changes', () => {
    const text = `{
  # my system
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable"; # rolling
  inputs.home-manager.url = "github:nix-community/home-manager";
  outputs = { self, nixpkgs, ... }: { };
}
`
    expect(edited(text)).toBe(text.replace('github:NixOS/nixpkgs/nixos-unstable', newUrl))
    const result = setInputUrl(text, 'nixpkgs', newUrl)
    expect(result.ok && result.previousUrl).toBe('github:NixOS/nixpkgs/nixos-unstable')
    expect(
      edited(text, 'home-manager', 'github:nix-community/home-manager/release-24.05'),
    ).toContain('inputs.home-manager.url = "github:nix-community/home-manager/release-24.05";')
  })

  test('inputs = { NAME.url = …; OTHER = { url = …; }; } with comments and strings around', () => {
    const text = `{
  description = "has { braces } and \\"quotes\\" and \${'interp'}";
  inputs = {
    /* nixpkgs.url = "github:commented/out"; */
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    home-manager = {
      url = "github:nix-community/home-manager";
      inputs.nixpkgs.follows = "nixpkgs";
    };
    "quoted-name".url = "git+https://example.org/q";
  };
  outputs = inputs@{ self, nixpkgs, ... }:
    let
      system = "x86_64-linux";
      inputs.nixpkgs.url = "not this one";
    in
    with nixpkgs.lib; {
      nixosConfigurations.host = nixosSystem { inherit system; modules = [ ./configuration.nix ]; };
    };
}
`
    expect(edited(text)).toBe(text.replace('"github:NixOS/nixpkgs/nixos-unstable"', `"${newUrl}"`))
    const hm = edited(text, 'home-manager', 'github:nix-community/home-manager/release-24.05')
    expect(hm).toContain('url = "github:nix-community/home-manager/release-24.05";')
    expect(hm).toContain('inputs.nixpkgs.follows = "nixpkgs";')
    expect(edited(text, 'quoted-name', 'git+https://example.org/q?ref=v2')).toContain(
      '"quoted-name".url = "git+https://example.org/q?ref=v2";',
    )
  })

  test('inputs.NAME = { url = …; flake = false; } keeps the other attributes', () => {
    const text = `{
  inputs.secrets = {
    url = "git+file:///srv/secrets";
    flake = false;
  };
  outputs = _: { };
}
`
    expect(edited(text, 'secrets', 'git+file:///srv/secrets?ref=refs/tags/v2')).toBe(
      text.replace('git+file:///srv/secrets', 'git+file:///srv/secrets?ref=refs/tags/v2'),
    )
  })

  test('an unquoted URL literal is replaced by a string', () => {
    const text = '{\n  inputs.nixpkgs.url = github:NixOS/nixpkgs;\n  outputs = { self }: { };\n}\n'
    expect(edited(text)).toContain(`inputs.nixpkgs.url = "${newUrl}";`)
  })

  test('a let before the attribute set is allowed', () => {
    const text =
      'let\n  v = "24.05";\nin\n{\n  inputs.nixpkgs.url = "github:NixOS/nixpkgs";\n  outputs = _: { };\n}\n'
    expect(edited(text)).toContain(`inputs.nixpkgs.url = "${newUrl}";`)
  })

  test('characters that mean something in Nix strings are escaped', () => {
    const text = '{ inputs.x.url = "a"; outputs = _: { }; }'
    expect(edited(text, 'x', 'path:/a"b${c}')).toBe(
      '{ inputs.x.url = "path:/a\\"b\\${c}"; outputs = _: { }; }',
    )
  })

  test('an input that is not there is reported, not guessed', () => {
    const text = '{\n  inputs.nixpkgs.url = "github:NixOS/nixpkgs";\n  outputs = _: { };\n}\n'
    expect(refused(text, 'home-manager')).toMatch(/declares no input "home-manager"/)
  })

  test('a computed or attribute-style url is reported', () => {
    expect(
      refused('{ inputs.nixpkgs.url = "github:NixOS/nixpkgs/${branch}"; outputs = _: { }; }'),
    ).toMatch(/computed/)
    expect(refused('{ inputs.nixpkgs.url = base + "/x"; outputs = _: { }; }')).toMatch(/computed/)
    expect(
      refused(
        '{ inputs.nixpkgs = { type = "github"; owner = "NixOS"; repo = "nixpkgs"; }; outputs = _: { }; }',
      ),
    ).toMatch(/no url Flakedeck can edit/)
  })

  test('a url set twice, or a file that is not an attribute set, is refused', () => {
    expect(
      refused('{ inputs.nixpkgs.url = "a"; inputs = { nixpkgs.url = "b"; }; outputs = _: { }; }'),
    ).toMatch(/more than once/)
    expect(refused('import ./flake-impl.nix')).toMatch(/could not be read/)
    expect(refused('{ inputs.nixpkgs.url = "unterminated; }')).toMatch(/could not be read/)
  })
})

describe('readInputUrl', () => {
  test('reads a plain url, null otherwise', () => {
    const text =
      '{ inputs = { a.url = "github:o/a"; b = { url = "github:o/b"; }; }; outputs = _: { }; }'
    expect(readInputUrl(text, 'a')).toBe('github:o/a')
    expect(readInputUrl(text, 'b')).toBe('github:o/b')
    expect(readInputUrl(text, 'c')).toBeNull()
  })
})
