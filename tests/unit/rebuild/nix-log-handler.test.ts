// The splitter's handler path (NixLogSplitter.read): a builder's log line is handed over without
// an entry object, to ProgressTracker.logLine and NixLogTextRenderer.logLinePrefix. Whatever the
// stream and its chunks, the text, the entries, the progress and the builds' log tails must be
// what the item path (push, apply, renderItems) gives.
import { describe, expect, it } from 'vitest'
import {
  NixLogSplitter,
  type NixLogEntry,
  type NixLogHandler,
} from '../../../src/shared/rebuild/nix-log-parser'
import { ProgressTracker } from '../../../src/shared/rebuild/progress'
import { NixLogTextRenderer } from '../../../src/shared/rebuild/terminal-text'
import { captured, captureNames, capturedSeries } from './captured'

const drv = (name: string) => `/nix/store/${'a'.repeat(32)}-${name}.drv`
const nix = (entry: object) => `@nix ${JSON.stringify(entry)}\r\n`
const logLine = (id: number, text: string, type = 101) =>
  `@nix {"action":"result","fields":[${JSON.stringify(text)}],"id":${id},"type":${type}}\r\n`

/** Two builds whose lines interleave, a post-build hook, more lines than a tail keeps, a prompt. */
function syntheticStream(): string {
  const parts = [
    nix({ action: 'start', id: 1, level: 3, text: '', type: 104, fields: [], parent: 0 }),
    nix({ action: 'start', id: 2, level: 3, text: 'building a', type: 105, fields: [drv('a-1')] }),
    nix({ action: 'start', id: 3, level: 3, text: 'building b', type: 105, fields: [drv('b-2')] }),
  ]
  for (let i = 0; i < 90; i++) {
    parts.push(logLine(i % 7 === 0 ? 3 : 2, `line ${i} of "a" \\ with ü`))
    if (i % 11 === 0) parts.push(logLine(2, `plain ${i}`))
  }
  parts.push(logLine(9, 'a line of no known build'))
  parts.push(nix({ action: 'result', id: 1, type: 105, fields: [1, 2, 1, 0] }))
  parts.push(logLine(2, 'just before its stop'))
  parts.push(nix({ action: 'stop', id: 2 }))
  parts.push(logLine(2, 'after its stop'))
  parts.push(
    nix({ action: 'start', id: 2, level: 3, text: 'hook', type: 110, fields: [drv('a-1')] }),
  )
  parts.push(logLine(2, 'hook says hi', 107))
  parts.push(nix({ action: 'stop', id: 3 }))
  parts.push('[sudo] password for me: ')
  return parts.join('')
}

interface Reading {
  text: string
  entries: NixLogEntry[]
  lines: string[]
  tracker: ProgressTracker
}

/** The item path, as the step read nix's log before. */
function byItems(stream: string, size: number): Reading {
  const splitter = new NixLogSplitter()
  const tracker = new ProgressTracker()
  const renderer = new NixLogTextRenderer()
  const reading: Reading = { text: '', entries: [], lines: [], tracker }
  const take = (items: ReturnType<NixLogSplitter['push']>) => {
    for (const item of items) {
      if (item.kind !== 'entry') continue
      tracker.apply(item.entry, 5)
      reading.entries.push(item.entry)
      reading.lines.push(item.line)
    }
    reading.text += renderer.renderItems(items)
  }
  for (let i = 0; i < stream.length; i += size) take(splitter.push(stream.slice(i, i + size)))
  take(splitter.end())
  return reading
}

/** The handler path, as RebuildStep reads it. */
function byHandler(stream: string, size: number): Reading {
  const splitter = new NixLogSplitter()
  const tracker = new ProgressTracker()
  const renderer = new NixLogTextRenderer()
  const reading: Reading = { text: '', entries: [], lines: [], tracker }
  const handler: NixLogHandler = {
    entry: (entry, line) => {
      tracker.apply(entry, 5)
      reading.entries.push(entry)
      reading.lines.push(line)
      reading.text += renderer.render(entry)
    },
    logLine: (id, type, text, source, from, to) => {
      tracker.logLine(id, text, 5)
      reading.entries.push({ action: 'result', id, type, fields: [text] })
      reading.lines.push(source.slice(from, to))
      reading.text += renderer.logLinePrefix(id, type) + text + '\r\n'
    },
    text: (text) => (reading.text += text),
  }
  for (let i = 0; i < stream.length; i += size) splitter.read(stream.slice(i, i + size), handler)
  splitter.finish(handler)
  return reading
}

function expectSame(stream: string, size: number): void {
  const expected = byItems(stream, size)
  const actual = byHandler(stream, size)
  expect(actual.text).toBe(expected.text)
  expect(actual.entries).toEqual(expected.entries)
  expect(actual.lines).toEqual(expected.lines)
  expect(actual.tracker.snapshot()).toEqual(expected.tracker.snapshot())
  for (const name of ['a-1', 'b-2', 'c-3']) {
    expect(actual.tracker.logTail(drv(name))).toEqual(expected.tracker.logTail(drv(name)))
  }
}

describe('reading nix log lines through a handler', () => {
  const sizes = [1, 3, 17, 64, 200, 4096, 1 << 20]

  it.each(sizes)('gives what the items give, in chunks of %i', (size) => {
    expectSame(syntheticStream(), size)
  })

  it('keeps the last 40 lines of a build, oldest first, while and after it runs', () => {
    const stream = syntheticStream()
    const { tracker } = byHandler(stream, 100)
    const tail = tracker.logTail(drv('b-2'))
    expect(tail).toHaveLength(13)
    expect(tail.at(-1)).toBe('line 84 of "a" \\ with ü')
    const a = tracker.logTail(drv('a-1'))
    expect(a).toHaveLength(40)
    expect(a.at(-1)).toBe('just before its stop')
  })

  it('names a post-build hook and a build it does not know', () => {
    const { text } = byHandler(syntheticStream(), 50)
    expect(text).toContain('a-1> plain 0\r\n')
    expect(text).toContain('activity 9> a line of no known build\r\n')
    expect(text).toContain('a-1> just before its stop\r\nactivity 2> after its stop\r\n')
    expect(text).toContain('a-1 (post-build)> hook says hi\r\n')
    expect(text.endsWith('[sudo] password for me: ')).toBe(true)
  })

  describe.each(capturedSeries)('captured streams of nix %s', (series) => {
    it.each(captureNames)('%s', (name) => {
      const stream = captured(name, series)
      for (const size of [7, 500, stream.length]) expectSame(stream, size)
    })
  })
})
