import { describe, expect, it } from 'vitest'
import {
  failedDerivations,
  parseBuilderFailures,
  textLogTails,
} from '../../../src/shared/rebuild/failure'
import { readCapture } from '../../fixtures/captures'
import { captured, capturedSeries, entriesOf } from './captured'

const drvA = '/nix/store/s888ms4wgh65zkm7af6hrhfpvg1rq74r-b.drv'
const drvTop = '/nix/store/4ri2x58wk4vk5imi5yn89hxbzj2qfwlq-top.drv'

// Text forms as the versions named print them (nix 2.8's was seen on this machine's nix).
const nix28Text = [
  `building '${drvA}'...`,
  `error: builder for '${drvA}' failed with exit code 3;`,
  '       last 3 log lines:',
  '       > building b',
  '       > line two of b',
  '       > failing now',
  `       For full logs, run 'nix log ${drvA}'.`,
  `error: 1 dependencies of derivation '${drvTop}' failed to build`,
].join('\n')

const newerText = [
  `error: Cannot build '${drvA}'.`,
  '       Reason: builder failed with exit code 2.',
  '       Output paths:',
  '         /nix/store/ab3s888ms4wgh65zkm7af6hrhfpvg1rq-b',
  '       Last 2 log lines:',
  '       > compiling',
  '       > oops',
  `       For full logs, run 'nix log ${drvA}'.`,
  `error: Cannot build '${drvTop}'.`,
  '       Reason: 1 dependency failed.',
].join('\n')

describe('failed derivations', () => {
  it.each(capturedSeries)('reads the JSON message of a real failed build of nix %s', (series) => {
    const messages = entriesOf(captured('failing-build', series))
      .flatMap((e) => (e.action === 'msg' && e.level === 0 ? [e.msg] : []))
      .join('\n')
    const failures = parseBuilderFailures(messages)
    expect(failures).toHaveLength(1)
    expect(failures[0]!.drvPath).toMatch(/^\/nix\/store\/[a-z0-9]{32}-broken-1\.0\.drv$/)
    expect(failures[0]!.exitCode).toBe(1)
  })

  it.each(capturedSeries)('reads the text of a real failed build of nix %s', (series) => {
    // What a custom rebuild command without nix's JSON log shows in the terminal.
    const text = readCapture('failing-build-text', series, 'txt')
    const failures = parseBuilderFailures(text)
    expect(failures.map((f) => [f.drvPath.replace(/^.*?-/, ''), f.exitCode])).toEqual([
      ['broken-1.0.drv', 1],
    ])
    expect(textLogTails(text).get(failures[0]!.drvPath)).toEqual([
      'configuring broken',
      'compiling broken.c',
      'broken.c:42: error: something went wrong',
    ])
  })

  it("reads nix 2.8's text, with the log tail", () => {
    expect(parseBuilderFailures(nix28Text)).toEqual([{ drvPath: drvA, exitCode: 3 }])
    expect(textLogTails(nix28Text)).toEqual(
      new Map([[drvA, ['building b', 'line two of b', 'failing now']]]),
    )
  })

  it("reads newer nix's Cannot build form", () => {
    // The top derivation only failed because of its dependency: its reason names no builder.
    expect(parseBuilderFailures(newerText)).toEqual([
      { drvPath: drvA, exitCode: 2 },
      { drvPath: drvTop, exitCode: null },
    ])
    expect(textLogTails(newerText).get(drvA)).toEqual(['compiling', 'oops'])
  })

  it('knows a builder killed by a signal has no exit code', () => {
    expect(
      parseBuilderFailures(`error: builder for '${drvA}' failed due to signal 9 (Killed)`),
    ).toEqual([{ drvPath: drvA, exitCode: null }])
  })

  it('names each derivation once, with the log lines of its build when known', () => {
    const json = `error: builder for '${drvA}' failed with exit code 3`
    const fromBuild = failedDerivations(json, nix28Text, () => ['from the build log'])
    expect(fromBuild).toEqual([
      { drvPath: drvA, name: 'b', exitCode: 3, logTail: ['from the build log'] },
    ])
    const fromText = failedDerivations(json, nix28Text, () => [])
    expect(fromText[0]!.logTail).toEqual(['building b', 'line two of b', 'failing now'])
  })
})
