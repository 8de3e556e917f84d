// Reading flake.nix's declared inputs from its text (flake-nix-inputs.ts) gives what `nix eval`
// gives (the way `flakedeck inputs` read them before), for the fixture flakes and the shapes
// flakes are written in; what the text cannot tell for certain is left to nix.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { readDeclaredInputs } from '../../../src/main/services/inputs/flake-nix-inputs'
import {
  declaredInputs,
  declaredInputsForReading,
  loadFlake,
} from '../../../src/main/services/inputs/flake-state'
import { NixService } from '../../../src/main/services/nix'
import { createProcessRunner } from '../../../src/main/services/process-runner'
import { makeInputsFixture } from '../../fixtures/inputs-fixture'
import { makeLockShapesFixture } from '../../fixtures/lock-shapes-fixture'
import { useTempDirs } from '../../helpers/temp-dir'

const temp = useTempDirs()
const nix = new NixService(createProcessRunner())

/** Both answers for a flake.nix with this text, and whether the text alone gave one. */
async function bothWays(text: string) {
  const dir = temp('flakedeck-declared-')
  writeFileSync(join(dir, 'flake.nix'), text)
  const state = await loadFlake(dir)
  return {
    byNix: await declaredInputs(nix, state),
    byText: await declaredInputsForReading(nix, state),
    readFromText: readDeclaredInputs(text) !== null,
  }
}

const plain: Record<string, string> = {
  'dotted and nested inputs, a pattern with ...': `{
    description = "x";
    inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.05";
    inputs.home-manager = { url = "github:nix-community/home-manager"; inputs.nixpkgs.follows = "nixpkgs"; };
    inputs = { "quoted-name".url = "github:a/b"; utils.flake = false; };
    outputs = { self, nixpkgs, ... }@inputs: { x = let inherit (nixpkgs) lib; in lib; };
  }`,
  'arguments only, with defaults, name@ first': `let v = 1; in {
    outputs = args@{ self, nixpkgs, registryOnly ? { a = [ 1 2 ]; }, other ? null }: { };
  }`,
  'outputs takes one argument': `{ inputs.a.url = "github:a/a"; outputs = inputs: { }; }`,
  'no outputs, empty inputs': `{ inputs = { }; }`,
  'comments and strings that look like code': `{
    # inputs.fake.url = "x";
    inputs.real.url = "github:a/b"; /* inherit nothing; */
    outputs = { self, real }: { text = "inherit x; outputs = y"; };
  }`,
}

const unclear: Record<string, string> = {
  'inputs from another file': `{ inputs = import ./inputs.nix; outputs = { self }: { }; }`,
  'inputs merged with //': `{ inputs = { a.url = "github:a/a"; } // { b.url = "github:b/b"; }; outputs = _: { }; }`,
  'inherit in inputs': `let c = { url = "github:c/c"; }; in { inputs = { inherit c; }; outputs = _: { }; }`,
  'inherit at the top': `let inputs = { a.url = "github:a/a"; }; in { inherit inputs; outputs = _: { }; }`,
  'a computed name': '{ inputs."${"a"}".url = "github:a/a"; outputs = _: { }; }',
  'outputs is not a plain function': `{ outputs = let f = { self }: { }; in f; }`,
  'not a set at the top': `(x: x) { outputs = _: { }; }`,
}

describe('declared inputs read from flake.nix without nix', () => {
  test('the fixture flakes: read from the text, the same as nix gives', async () => {
    const flakes = [
      makeInputsFixture(temp('flakedeck-declared-fixture-')).flake,
      makeLockShapesFixture(temp('flakedeck-declared-shapes-')).flake,
    ]
    for (const flake of flakes) {
      const text = readFileSync(join(flake, 'flake.nix'), 'utf8')
      expect(readDeclaredInputs(text), flake).not.toBeNull()
      const state = await loadFlake(flake)
      const byNix = await declaredInputs(nix, state)
      expect(byNix.names?.length, flake).toBeGreaterThan(0)
      expect(await declaredInputsForReading(nix, state), flake).toEqual(byNix)
    }
  })

  for (const [name, text] of Object.entries(plain)) {
    test(`read from the text: ${name}`, async () => {
      const { byNix, byText, readFromText } = await bothWays(text)
      expect(readFromText).toBe(true)
      expect(byNix.names).not.toBeNull()
      expect(byText).toEqual(byNix)
    })
  }

  for (const [name, text] of Object.entries(unclear)) {
    test(`left to nix: ${name}`, async () => {
      const { byNix, byText, readFromText } = await bothWays(text)
      expect(readFromText).toBe(false)
      expect(byText).toEqual(byNix)
    })
  }
})
