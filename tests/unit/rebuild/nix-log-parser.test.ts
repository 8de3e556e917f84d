import { describe, expect, it } from 'vitest'
import {
  ActivityType,
  NixLogSplitter,
  ResultType,
  derivationName,
  parseNixLogJson,
  parseNixLogLine,
} from '../../../src/shared/rebuild/nix-log-parser'
import { captureNames, captured, capturedSeries, entriesOf, split } from './captured'

const textOf = (items: ReturnType<typeof split>) =>
  items.map((i) => (i.kind === 'text' ? i.text : '')).join('')
const linesOf = (items: ReturnType<typeof split>) =>
  items.flatMap((i) => (i.kind === 'entry' ? [i.line] : []))

describe.each(capturedSeries)('NixLogSplitter on captured streams of nix %s', (series) => {
  it.each(captureNames)('finds every @nix line of %s', (name) => {
    const stream = captured(name, series)
    const expected = stream.split('\n').filter((l) => l.includes('@nix {')).length
    const items = split(stream)
    expect(linesOf(items)).toHaveLength(expected)
    expect(linesOf(items).every((l) => l.startsWith('@nix {') && !l.endsWith('\r'))).toBe(true)
    expect(textOf(items)).not.toContain('@nix')
  })

  it.each(captureNames)('splits %s the same way whatever the chunks', (name) => {
    const stream = captured(name, series)
    const whole = split(stream)
    for (const size of [1, 2, 7, 64, 333, 4096]) {
      const chunked = split(stream, size)
      expect(linesOf(chunked)).toEqual(linesOf(whole))
      expect(textOf(chunked)).toBe(textOf(whole))
    }
  })

  it('reads the entries of a real build', () => {
    const entries = entriesOf(captured('chain-build', series))
    const builds = entries.filter((e) => e.action === 'start' && e.type === ActivityType.build)
    expect(
      builds.map((e) => (e.action === 'start' ? derivationName(String(e.fields[0])) : '')),
    ).toEqual(['lib-1.0', 'app-2.0', 'tool-3.0', 'nixos-system-demo-24.05.20240101.fixture'])
    const phases = entries.filter((e) => e.action === 'result' && e.type === ResultType.setPhase)
    expect(phases.length).toBeGreaterThanOrEqual(6)
    const stops = entries.filter((e) => e.action === 'stop').length
    const starts = entries.filter((e) => e.action === 'start').length
    expect(stops).toBe(starts)
  })

  it('drops the colour reset nix puts before its first line', () => {
    const stream = captured('eval-error', series)
    expect(stream.startsWith('\r\u001b[0m\u001b[K@nix {')).toBe(true)
    const items = split(stream)
    expect(items[0]!.kind).toBe('entry')
  })

  it('keeps the text between entries, in order', () => {
    const nixLines = captured('chain-build', series).split('\n').slice(0, 3).join('\n') + '\n'
    const stream = `[sudo] password for me: \r\n${nixLines}activating the configuration...\r\n`
    const items = split(stream)
    expect(items[0]).toEqual({ kind: 'text', text: '[sudo] password for me: \r\n' })
    expect(items.at(-1)).toEqual({ kind: 'text', text: 'activating the configuration...\r\n' })
    expect(items.filter((i) => i.kind === 'entry')).toHaveLength(3)
  })
})

describe('NixLogSplitter on partial lines', () => {
  it('hands out a prompt without a newline at once', () => {
    const splitter = new NixLogSplitter()
    expect(splitter.push('[sudo] password for me: ')).toEqual([
      { kind: 'text', text: '[sudo] password for me: ' },
    ])
    // The rest of that line is text too, even if it looked like an entry.
    expect(splitter.push('\r\n')).toEqual([{ kind: 'text', text: '\r\n' }])
  })

  it('holds what may become an entry until its line ends', () => {
    const splitter = new NixLogSplitter()
    expect(splitter.push('\u001b[0m')).toEqual([])
    expect(splitter.push('@ni')).toEqual([])
    expect(splitter.push('x {"action":"stop",')).toEqual([])
    expect(splitter.push('"id":5}\r\n')).toEqual([
      { kind: 'entry', entry: { action: 'stop', id: 5 }, line: '@nix {"action":"stop","id":5}' },
    ])
  })

  it('gives held text back at the end of the stream', () => {
    const splitter = new NixLogSplitter()
    expect(splitter.push('@nix {"action":"stop"')).toEqual([])
    expect(splitter.end()).toEqual([{ kind: 'text', text: '@nix {"action":"stop"' }])
  })

  it('leaves lines that only look like entries as text', () => {
    const items = split('@nix {not json}\r\n@nix {"action":"dance"}\r\nsay @nix hello\r\n')
    expect(items.every((i) => i.kind === 'text')).toBe(true)
    expect(textOf(items)).toBe('@nix {not json}\r\n@nix {"action":"dance"}\r\nsay @nix hello\r\n')
  })
})

describe('parseNixLogJson', () => {
  it('reads each kind of entry', () => {
    expect(parseNixLogJson('{"action":"msg","level":1,"msg":"warning: x"}')).toMatchObject({
      action: 'msg',
      level: 1,
      msg: 'warning: x',
    })
    expect(
      parseNixLogJson('{"action":"start","id":7,"level":3,"type":105,"text":"t","fields":["a",1]}'),
    ).toEqual({
      action: 'start',
      id: 7,
      level: 3,
      type: 105,
      text: 't',
      fields: ['a', 1],
      parent: 0,
    })
    expect(parseNixLogJson('{"action":"result","id":7,"type":101,"fields":["line"]}')).toEqual({
      action: 'result',
      id: 7,
      type: 101,
      fields: ['line'],
    })
    expect(parseNixLogJson('{"action":"stop"}')).toBeNull()
    expect(parseNixLogJson('[1,2]')).toBeNull()
    expect(parseNixLogLine('plain text')).toBeNull()
  })

  it('names derivations without their hash', () => {
    expect(derivationName('/nix/store/5gzpk4w2kwjzl3ml5ry97m4lsmwj2c7b-hello-2.12.drv')).toBe(
      'hello-2.12',
    )
    expect(derivationName('/nix/store/5gzpk4w2kwjzl3ml5ry97m4lsmwj2c7b-top')).toBe('top')
    expect(derivationName('odd')).toBe('odd')
  })
})
