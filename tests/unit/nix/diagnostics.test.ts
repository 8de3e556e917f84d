import { describe, expect, it } from 'vitest'
import {
  mapToRepo,
  parseInternalJsonDiagnostics,
  parseNixErrorText,
} from '../../../src/shared/nix/diagnostics'

// Shapes of nix's output as printed by the versions named; positions, frames and messages are
// what the parser must pick out. (The nix 2.8 forms are also produced live in
// tests/services/nix-diagnostics.test.ts.)
describe('parseNixErrorText', () => {
  it('reads a nix 2.8 syntax error', () => {
    const text = [
      "error: syntax error, unexpected ';'",
      '',
      '       at /tmp/demo/bad.nix:2:7:',
      '',
      '            1| { a = 1;',
      '            2|   b = ;',
      '             |       ^',
      '            3| }',
    ].join('\n')
    expect(parseNixErrorText(text)).toEqual([
      {
        severity: 'error',
        message: "syntax error, unexpected ';'",
        file: '/tmp/demo/bad.nix',
        line: 2,
        column: 7,
        trace: [],
      },
    ])
  })

  it('reads the innermost error and its position from a newer nix trace', () => {
    const text = [
      'building the system configuration...',
      'error:',
      "       … while calling the 'head' builtin",
      '',
      '         at /nix/store/2lagifgqw760xch048spv2a0v46ya1vb-source/lib/attrsets.nix:922:11:',
      '',
      '          922|           head values',
      '             |           ^',
      '',
      "       … while evaluating the attribute 'value'",
      '',
      '         at /nix/store/2lagifgqw760xch048spv2a0v46ya1vb-source/lib/modules.nix:807:9:',
      '',
      "       (stack trace truncated; use '--show-trace' to show the full trace)",
      '',
      "       error: undefined variable 'inputs'",
      '',
      '       at /nix/store/4cjs18pa10jginiv2kzh5fy8bcxsdf52-source/configuration.nix:122:5:',
      '',
      '          122|     inputs.nixos-conf-editor.packages.${system}.nixos-conf-editor',
      '             |     ^',
    ].join('\n')
    const [diagnostic] = parseNixErrorText(text)
    expect(diagnostic).toMatchObject({
      severity: 'error',
      message: "undefined variable 'inputs'",
      file: '/nix/store/4cjs18pa10jginiv2kzh5fy8bcxsdf52-source/configuration.nix',
      line: 122,
      column: 5,
    })
    expect(diagnostic!.trace.map((f) => [f.message, f.line])).toEqual([
      ["while calling the 'head' builtin", 922],
      ["while evaluating the attribute 'value'", 807],
    ])
  })

  it('falls back to the last frame when the innermost error has no position', () => {
    const text = [
      'error:',
      "       … while calling the 'abort' builtin",
      '',
      '         at /nix/store/6a691y19w2w458fb311whn7rw8fsjbr2-source/flake.nix:4:62:',
      '',
      "       error: evaluation aborted with the following error message: 'boom'",
    ].join('\n')
    expect(parseNixErrorText(text)[0]).toMatchObject({
      message: "evaluation aborted with the following error message: 'boom'",
      line: 4,
      column: 62,
    })
  })

  it('reads the position written on the message line by early flake nix', () => {
    const text =
      "error: undefined variable 'pkgs' at /nix/store/qcjhyb3vi2lsdynlb6jhr2yc2z2sb2aa-source/flake.nix:65:35"
    expect(parseNixErrorText(text)[0]).toMatchObject({
      message: "undefined variable 'pkgs'",
      file: '/nix/store/qcjhyb3vi2lsdynlb6jhr2yc2z2sb2aa-source/flake.nix',
      line: 65,
      column: 35,
    })
  })

  it('keeps warnings apart from errors and strips colour', () => {
    const text =
      "\u001b[35;1mwarning:\u001b[0m Git tree '/x' is dirty\n\u001b[31;1merror:\u001b[0m boom"
    expect(parseNixErrorText(text).map((d) => [d.severity, d.message])).toEqual([
      ['warning', "Git tree '/x' is dirty"],
      ['error', 'boom'],
    ])
  })
})

describe('parseInternalJsonDiagnostics', () => {
  it('reads position fields of msg entries (nix 2.8 internal-json)', () => {
    const log = [
      '@nix {"action":"msg","level":1,"msg":"\\u001b[35;1mwarning:\\u001b[0m Git tree \'/tmp/demo/e1\' is dirty"}',
      '@nix {"action":"msg","column":27,"file":"/nix/store/6a691y19w2w458fb311whn7rw8fsjbr2-source/flake.nix","level":0,"line":3,"msg":"\\u001b[31;1merror:\\u001b[0m cannot add a string to an integer","raw_msg":"cannot add \\u001b[35;1ma string\\u001b[0m to an integer"}',
      '@nix {"action":"msg","level":0,"msg":"(use \'--show-trace\' to show detailed location information)"}',
      '@nix {"action":"start","id":1,"level":3,"type":0,"text":"x","fields":[],"parent":0}',
      'not a log line',
    ].join('\n')
    expect(parseInternalJsonDiagnostics(log)).toEqual([
      {
        severity: 'warning',
        message: "Git tree '/tmp/demo/e1' is dirty",
        file: null,
        line: null,
        column: null,
        trace: [],
      },
      {
        severity: 'error',
        message: 'cannot add a string to an integer',
        file: '/nix/store/6a691y19w2w458fb311whn7rw8fsjbr2-source/flake.nix',
        line: 3,
        column: 27,
        trace: [],
      },
    ])
  })
})

describe('mapToRepo', () => {
  const source = '/nix/store/6a691y19w2w458fb311whn7rw8fsjbr2-source'
  it('maps the repo source copy back to the repo file', () => {
    expect(mapToRepo(`${source}/hosts/a.nix`, '/home/u/cfg', [source])).toBe('hosts/a.nix')
  })
  it('maps files already in the repo', () => {
    expect(mapToRepo('/home/u/cfg/flake.nix', '/home/u/cfg/', [])).toBe('flake.nix')
  })
  it('leaves other store paths (nixpkgs) unmapped when the source is known', () => {
    expect(
      mapToRepo(
        '/nix/store/2lagifgqw760xch048spv2a0v46ya1vb-source/lib/modules.nix',
        '/home/u/cfg',
        [source],
      ),
    ).toBeNull()
  })
  it('without known sources, maps a store file only when the repo has it', () => {
    const exists = (p: string) => p === 'flake.nix'
    expect(mapToRepo(`${source}/flake.nix`, '/r', [], exists)).toBe('flake.nix')
    expect(mapToRepo(`${source}/lib/modules.nix`, '/r', [], exists)).toBeNull()
  })
  it('maps the flake-reference form of newer nix', () => {
    expect(mapToRepo('«git+file:///home/u/cfg?ref=main»/flake.nix', '/home/u/cfg', [])).toBe(
      'flake.nix',
    )
    expect(mapToRepo('«github:o/r/abc»/flake.nix', '/home/u/cfg', [])).toBeNull()
  })
})
