import { describe, expect, it } from 'vitest'
import { stripAnsi } from '../../../src/shared/nix/ansi'
import { LogLevel } from '../../../src/shared/rebuild/nix-log-parser'
import { NixLogTextRenderer } from '../../../src/shared/rebuild/terminal-text'
import { captured, capturedSeries, split, type CaptureName, type CapturedSeries } from './captured'

function render(name: CaptureName, series: CapturedSeries, verbosity?: number): string {
  return new NixLogTextRenderer(verbosity).renderItems(split(captured(name, series)))
}

describe.each(capturedSeries)('terminal text from the JSON log of nix %s', (series) => {
  it('reads like nix -L: starts, prefixed build lines, errors', () => {
    const text = stripAnsi(render('failing-build', series))
    expect(text).toMatch(/^building '\/nix\/store\/[a-z0-9]{32}-broken-1\.0\.drv'\.\.\.\r$/m)
    expect(text).toContain(
      'broken-1.0> configuring broken\r\nbroken-1.0> compiling broken.c\r\nbroken-1.0> broken.c:42: error: something went wrong\r\n',
    )
    expect(text).toMatch(/error: builder for '\/nix\/store\/[a-z0-9]{32}-broken-1\.0\.drv' failed/)
    expect(text).not.toContain('@nix')
  })

  it('ends every line with \\r\\n, multi-line messages included', () => {
    const text = render('eval-error', series)
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    expect(stripAnsi(text)).toMatch(
      /at \/nix\/store\/[a-z0-9]{32}-source\/hosts\/demo\.nix:\d+:13:\r\n/,
    )
    // nix's colours stay: the terminal shows them.
    expect(text).toContain('\u001b[31;1merror:')
  })

  it('shows activity starts up to its verbosity, as nix does', () => {
    const text = render('substitute', series)
    expect(text).toMatch(/copying path '\/nix\/store\/[^']+' from 'file:\/\/[^']+'\.\.\./)
    expect(text).toContain("querying info about '/nix/store/")
    expect(text).not.toContain('querying info about missing paths')
    const quiet = render('substitute', series, LogLevel.info)
    expect(quiet).not.toContain("querying info about '/nix/store/")
    expect(quiet).toContain('copying path')
  })

  it('says nothing for phases and progress', () => {
    const text = stripAnsi(render('chain-build', series))
    expect(text).not.toContain('Phase')
    const lines = text.split('\r\n').filter(Boolean)
    expect(lines.filter((l) => l.startsWith('building '))).toHaveLength(4)
    // Two lines from each of three builds, one from the toplevel's.
    expect(lines.filter((l) => /^[\w.-]+> /.test(l))).toHaveLength(7)
  })
})
