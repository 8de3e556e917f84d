import { describe, expect, test } from 'vitest'
import { addInputFollows } from '../../../src/main/services/inputs/flake-nix-follows'

const hm = ['home-manager', 'nixpkgs']

function edited(text: string, input = hm, target = 'nixpkgs'): string {
  const result = addInputFollows(text, input, target)
  if (!result.ok) throw new Error(result.reason)
  return result.text
}

function refused(text: string, input = hm, target = 'nixpkgs'): string {
  const result = addInputFollows(text, input, target)
  if (result.ok) throw new Error(`expected a refusal, got:\n${result.text}`)
  return result.reason
}

describe('addInputFollows', () => {
  test('attribute-path form: a line after the input, at its indentation, comment kept', () => {
    const text = `{
  description = "my system";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  inputs.home-manager.url = "github:nix-community/home-manager"; # user env
  # the rest
  outputs = { self, ... }: { };
}
`
    expect(edited(text)).toBe(`{
  description = "my system";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  inputs.home-manager.url = "github:nix-community/home-manager"; # user env
  inputs.home-manager.inputs.nixpkgs.follows = "nixpkgs";
  # the rest
  outputs = { self, ... }: { };
}
`)
  })

  test('after the last of several lines of the input, not the first', () => {
    const text = `{
  inputs.home-manager.url = "github:nix-community/home-manager";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs";
  inputs.home-manager.flake = true;
  outputs = _: { };
}
`
    expect(edited(text)).toBe(
      text.replace(
        '  inputs.home-manager.flake = true;\n',
        '  inputs.home-manager.flake = true;\n  inputs.home-manager.inputs.nixpkgs.follows = "nixpkgs";\n',
      ),
    )
  })

  test('block form inside nested inputs = { … }: the line goes inside the braces', () => {
    const text = `{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    home-manager = {
      url = "github:nix-community/home-manager/release-24.05";
      # pinned to the release
    };
  };
  outputs = inputs: { };
}
`
    expect(edited(text)).toBe(
      text.replace(
        '      url = "github:nix-community/home-manager/release-24.05";\n',
        '      url = "github:nix-community/home-manager/release-24.05";\n      inputs.nixpkgs.follows = "nixpkgs";\n',
      ),
    )
  })

  test('attribute-path form inside nested inputs = { … }', () => {
    const text = `{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs";
    home-manager.url = "github:nix-community/home-manager";
    agenix.url = "github:ryantm/agenix";
  };
  outputs = inputs: { };
}
`
    expect(edited(text)).toContain(
      '    home-manager.url = "github:nix-community/home-manager";\n    home-manager.inputs.nixpkgs.follows = "nixpkgs";\n    agenix.url',
    )
  })

  test('top-level inputs.NAME = { … } block form with tabs', () => {
    const text =
      '{\n\tinputs.home-manager = {\n\t\turl = "github:nix-community/home-manager";\n\t};\n\toutputs = _: { };\n}\n'
    expect(edited(text)).toBe(
      '{\n\tinputs.home-manager = {\n\t\turl = "github:nix-community/home-manager";\n\t\tinputs.nixpkgs.follows = "nixpkgs";\n\t};\n\toutputs = _: { };\n}\n',
    )
  })

  test('an input that already follows for another dependency gets one more line', () => {
    const text = `{
  inputs.home-manager = {
    url = "github:nix-community/home-manager";
    inputs.utils.follows = "flake-utils";
  };
  outputs = _: { };
}
`
    expect(edited(text)).toContain(
      '    inputs.utils.follows = "flake-utils";\n    inputs.nixpkgs.follows = "nixpkgs";\n  };',
    )
  })

  test("the input's own inputs = { … } set gets the dependency's name only", () => {
    const text = `{
  inputs.home-manager = {
    url = "github:nix-community/home-manager";
    inputs = {
      utils.follows = "flake-utils";
    };
  };
  outputs = _: { };
}
`
    expect(edited(text)).toContain(
      '      utils.follows = "flake-utils";\n      nixpkgs.follows = "nixpkgs";\n    };',
    )
  })

  test('an existing follows of the same dependency has only its string replaced', () => {
    const text = `{
  inputs.home-manager = {
    url = "github:nix-community/home-manager";
    inputs.nixpkgs.follows   =   "nixpkgs-stable";   # odd spacing kept
  };
  outputs = _: { };
}
`
    expect(edited(text)).toBe(text.replace('"nixpkgs-stable"', '"nixpkgs"'))
    const same = `{ inputs.home-manager.inputs.nixpkgs.follows = "nixpkgs"; inputs.home-manager.url = "x"; outputs = _: { }; }`
    expect(edited(same)).toBe(same)
  })

  test('one-line and odd spacing: the binding goes right after the semicolon', () => {
    const text = `{ inputs = { home-manager.url="github:nix-community/home-manager"; nixpkgs.url = "github:NixOS/nixpkgs"; }; outputs = _: { }; }`
    expect(edited(text)).toBe(
      `{ inputs = { home-manager.url="github:nix-community/home-manager"; home-manager.inputs.nixpkgs.follows = "nixpkgs"; nixpkgs.url = "github:NixOS/nixpkgs"; }; outputs = _: { }; }`,
    )
    const block = `{\n  inputs.home-manager = { url = "github:nix-community/home-manager"; };\n  outputs = _: { };\n}\n`
    expect(edited(block)).toContain(
      '{ url = "github:nix-community/home-manager"; inputs.nixpkgs.follows = "nixpkgs"; };',
    )
  })

  test('comments that look like inputs, strings with braces, a let before the set', () => {
    const text = `let
  hmUrl = "github:nix-community/home-manager";
in
{
  # inputs.home-manager.url = "github:commented/out";
  /* home-manager = { url = "x"; }; */
  description = "{ braces } and \\"quotes\\"";
  inputs.home-manager.url = "github:nix-community/home-manager";
  outputs = _: { };
}
`
    expect(edited(text)).toContain(
      '  inputs.home-manager.url = "github:nix-community/home-manager";\n  inputs.home-manager.inputs.nixpkgs.follows = "nixpkgs";\n  outputs',
    )
  })

  test('CRLF line endings stay CRLF', () => {
    const text =
      '{\r\n  inputs.home-manager.url = "github:nix-community/home-manager";\r\n  outputs = _: { };\r\n}\r\n'
    expect(edited(text)).toBe(
      '{\r\n  inputs.home-manager.url = "github:nix-community/home-manager";\r\n  inputs.home-manager.inputs.nixpkgs.follows = "nixpkgs";\r\n  outputs = _: { };\r\n}\r\n',
    )
  })

  test('names that need quoting, deeper dependencies and follows paths', () => {
    const text = `{
  inputs."my.hm".url = "github:nix-community/home-manager";
  inputs.a.url = "github:o/a";
  outputs = _: { };
}
`
    expect(edited(text, ['my.hm', 'nixpkgs'])).toContain(
      'inputs."my.hm".inputs.nixpkgs.follows = "nixpkgs";',
    )
    expect(edited(text, ['a', 'b', 'nixpkgs'], 'home/nixpkgs')).toContain(
      '  inputs.a.url = "github:o/a";\n  inputs.a.inputs.b.inputs.nixpkgs.follows = "home/nixpkgs";\n',
    )
  })

  test('refuses an input flake.nix does not declare, with the line to add', () => {
    const reason = refused(`{ inputs.nixpkgs.url = "x"; outputs = _: { }; }`)
    expect(reason).toContain('declares no input "home-manager"')
    expect(reason).toContain('inputs.home-manager.inputs.nixpkgs.follows = "nixpkgs";')
  })

  test('refuses computed values and names, and a dependency given a url of its own', () => {
    expect(refused(`{ inputs = import ./inputs.nix; outputs = _: { }; }`)).toContain(
      'declares no input',
    )
    expect(refused(`{ inputs.home-manager = hm; outputs = _: { }; }`)).toContain('computed value')
    expect(
      refused(`{ inputs.home-manager = { url = "x"; inputs = deps; }; outputs = _: { }; }`),
    ).toContain('computed value')
    expect(
      refused(`{ inputs.\${name}.url = "x"; inputs.home-manager.url = "y"; outputs = _: { }; }`),
    ).toContain('computed attribute names')
    expect(
      refused(
        `{ inputs.home-manager = { url = "x"; inputs.nixpkgs.follows = someVar; }; outputs = _: { }; }`,
      ),
    ).toContain('is computed')
    expect(
      refused(
        `{ inputs.home-manager = { url = "x"; inputs.nixpkgs.url = "github:NixOS/nixpkgs"; }; outputs = _: { }; }`,
      ),
    ).toContain('already sets url of "home-manager/nixpkgs"')
    expect(refused(`{ inputs.home-manager.url = "x"; `)).toContain('could not be read')
    expect(refused(`{ inputs.nixpkgs.url = "x"; }`, ['nixpkgs'])).toContain('not an input of one')
  })
})
