import { describe, expect, it } from 'vitest'
import {
  mapToRepo,
  parseInternalJsonDiagnostics,
  parseNixErrorText,
} from '../../../src/shared/nix/diagnostics'
import { capturedSeries, readCapture } from '../../fixtures/captures'
import { split } from '../rebuild/captured'

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

// Real output of each nix version (tests/services/files/nix-check.test.ts and
// tests/services/rebuild/captured-streams.test.ts capture it): a host whose module
// modules/net.nix fails at line 5, column 19 (`add`), or with an error nix 2.26 gives no position
// (`coerce`), and a rebuild whose hosts/demo.nix fails at line 31, column 13.
describe.each(capturedSeries)('diagnostics of nix %s', (series) => {
  const storeFile = (name: string) =>
    expect.stringMatching(new RegExp(`^/nix/store/[0-9a-z]{32}-source/${name}$`))
  const inRepo = (file: string | null) =>
    mapToRepo(file, '/tmp/flakedeck-fixture', [], (relative) =>
      ['modules/net.nix', 'hosts/demo.nix', 'hosts/broken.nix', 'flake.nix'].includes(relative),
    )

  it('reads the file, line and column of an internal-json error', () => {
    const errors = parseInternalJsonDiagnostics(readCapture('host-eval-add', series))
    expect(errors).toEqual([
      {
        severity: 'error',
        message: 'cannot add a string to an integer',
        file: storeFile('modules/net.nix'),
        line: 5,
        column: 19,
        trace: [],
      },
    ])
    expect(inRepo(errors[0]!.file)).toBe('modules/net.nix')
  })

  it('reads the same from the text nix prints', () => {
    const [error] = parseNixErrorText(readCapture('host-eval-add', series, 'txt'))
    expect(error).toMatchObject({
      severity: 'error',
      message: 'cannot add a string to an integer',
      file: storeFile('modules/net.nix'),
      line: 5,
      column: 19,
    })
    expect(inRepo(error!.file)).toBe('modules/net.nix')
  })

  it('places an error at the position nix gives it, or at the innermost frame', () => {
    // nix 2.8 points at the operand; nix 2.26 gives the error no position and prints frames.
    const where = series === '2.8' ? { line: 6, column: 24 } : { line: 12, column: 3 }
    const [json] = parseInternalJsonDiagnostics(readCapture('host-eval-coerce', series))
    const [text] = parseNixErrorText(readCapture('host-eval-coerce', series, 'txt'))
    for (const error of [json, text]) {
      expect(error).toMatchObject({ file: storeFile('modules/net.nix'), ...where })
      expect(error!.message).toMatch(/^cannot coerce an integer to a string/)
      expect(inRepo(error!.file)).toBe('modules/net.nix')
    }
  })

  it('takes traced and evaluation warnings for warnings, not for the error', () => {
    const expected = [
      ['warning', "the option `services.old' is deprecated", null],
      ['warning', "the option `services.older' is deprecated", null],
      ['error', 'cannot add a string to an integer', 3],
    ]
    const summary = (d: { severity: string; message: string; line: number | null }) => [
      d.severity,
      d.message,
      d.severity === 'error' ? d.line : null,
    ]
    const json = parseInternalJsonDiagnostics(readCapture('host-eval-broken', series))
    expect(json.map(summary)).toEqual(expected)
    const text = parseNixErrorText(readCapture('host-eval-broken', series, 'txt'))
    expect(text.map(summary)).toEqual(expected)
    expect(inRepo(text[2]!.file)).toBe('hosts/broken.nix')
  })

  it('reads the evaluation error of a rebuild', () => {
    // The rebuild reads the @nix lines the terminal stream splits out.
    const lines = split(readCapture('eval-error', series)).flatMap((item) =>
      item.kind === 'entry' ? [item.line] : [],
    )
    const errors = parseInternalJsonDiagnostics(lines.join('\n'))
    expect(errors).toEqual([
      expect.objectContaining({
        message: "undefined variable 'undefinedThing'",
        file: storeFile('hosts/demo.nix'),
        line: 31,
        column: 13,
      }),
    ])
    expect(inRepo(errors[0]!.file)).toBe('hosts/demo.nix')
  })
})

describe('positions in the forms of newer nix', () => {
  // Shapes from nix's source: Pos::print writes ORIGIN:LINE:COLUMN (ORIGIN:LINE at column 0)
  // into the internal-json "file" (2.18 on); origins that are no file print as «stdin»,
  // «string», «none»; a source not yet in the store prints as «FLAKE-REF»/PATH (2.28 on).
  const entry = (fields: Record<string, unknown>) =>
    `@nix ${JSON.stringify({ action: 'msg', level: 0, msg: 'error: boom', raw_msg: 'boom', ...fields })}`

  it('drops other builtins.trace output, which nix logs at error level', () => {
    const log = [
      '@nix {"action":"msg","level":0,"msg":"trace: { a = 1; }"}',
      entry({ file: null, line: null, column: null }),
    ].join('\n')
    expect(parseInternalJsonDiagnostics(log).map((d) => d.message)).toEqual(['boom'])
    expect(parseNixErrorText('trace: hello\nerror: boom').map((d) => d.message)).toEqual(['boom'])
  })

  it('strips the line and column nix appends to the file', () => {
    const log = [
      entry({ file: '«git+file:///home/u/cfg»/modules/net.nix:5:19', line: 5, column: 19 }),
      entry({
        file: '/nix/store/6a691y19w2w458fb311whn7rw8fsjbr2-source/a.nix:7',
        line: 7,
        column: 0,
      }),
      entry({ file: '/home/u/cfg/odd:name.nix', line: 2, column: 1 }),
    ].join('\n')
    expect(parseInternalJsonDiagnostics(log).map((d) => [d.file, d.line, d.column])).toEqual([
      ['«git+file:///home/u/cfg»/modules/net.nix', 5, 19],
      ['/nix/store/6a691y19w2w458fb311whn7rw8fsjbr2-source/a.nix', 7, 0],
      ['/home/u/cfg/odd:name.nix', 2, 1],
    ])
  })

  it('gives no file for origins that are none', () => {
    const log = [
      entry({ file: '«string»:1:5', line: 1, column: 5 }),
      entry({ file: '«stdin»:3:1', line: 3, column: 1 }),
      entry({ file: '«none»:0', line: 0, column: 0 }),
    ].join('\n')
    expect(parseInternalJsonDiagnostics(log).map((d) => [d.file, d.line, d.column])).toEqual([
      [null, 1, 5],
      [null, 3, 1],
      [null, null, null],
    ])
  })

  it('reads a text position given as a flake reference', () => {
    const text = [
      "error: undefined variable 'lib'",
      '       at «git+file:///home/u/cfg?ref=refs/heads/main&rev=0123456789abcdef0123456789abcdef01234567»/modules/net.nix:5:19:',
      '            5|   networking = lib.mkForce { };',
    ].join('\n')
    const [error] = parseNixErrorText(text)
    expect(error).toMatchObject({ line: 5, column: 19 })
    expect(mapToRepo(error!.file, '/home/u/cfg', [])).toBe('modules/net.nix')
  })

  it('maps a flake-reference source that holds the flake in a folder, or has odd characters', () => {
    expect(
      mapToRepo('«git+file:///home/u/repo?dir=cfg»/cfg/hosts/a.nix', '/home/u/repo/cfg', []),
    ).toBe('hosts/a.nix')
    expect(mapToRepo('«git+file:///home/u/my%20cfg»/flake.nix', '/home/u/my cfg', [])).toBe(
      'flake.nix',
    )
    expect(mapToRepo('«path:/home/u/cfg?lastModified=1»/flake.nix', '/home/u/cfg', [])).toBe(
      'flake.nix',
    )
    expect(mapToRepo('«git+file:///home/u/cfg2»/flake.nix', '/home/u/cfg', [])).toBeNull()
  })
})
