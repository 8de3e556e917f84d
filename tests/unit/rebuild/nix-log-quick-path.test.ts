// A builder's log lines are read without JSON.parse (the quick path of the splitter): whatever
// the line holds, the entries must be the ones JSON.parse gives, and text must stay text.
import { describe, expect, it } from 'vitest'
import {
  NixLogSplitter,
  parseNixLogJson,
  parseNixLogLine,
  type NixLogItem,
} from '../../../src/shared/rebuild/nix-log-parser'

const result = (field: unknown, id: number | string = 7, type: number | string = 101) =>
  `@nix {"action":"result","fields":[${JSON.stringify(field)}],"id":${id},"type":${type}}`

/** Lines the quick path must read as JSON.parse does, or leave to it. */
const lines = [
  result('plain text'),
  result(''),
  result('a "quoted" word'),
  result('back\\slash and \u001b[31mcolour\u001b[0m'),
  result('unicode: ü → ✓'),
  result('looks like the end"],"id":1,"type":101}'),
  result('x', 39835821670400, 101),
  result('x', 12, 105),
  `@nix {"action":"result","fields":["two","strings"],"id":3,"type":101}`,
  `@nix {"action":"result","fields":["x",5],"id":3,"type":101}`,
  `@nix {"action":"result","fields":["x"],"id":3,"type":101,"extra":1}`,
  `@nix {"action":"result","fields":["x"],"id":-3,"type":101}`,
  `@nix {"action":"result","fields":["x"],"id":3.5,"type":101}`,
  `@nix {"action":"result","fields":["x"],"id":3,"type":101`,
  `@nix {"action":"result","fields":["x"],"id":3,"type":101}trailing`,
]

function split(stream: string, size = stream.length): NixLogItem[] {
  const splitter = new NixLogSplitter()
  const items: NixLogItem[] = []
  for (let i = 0; i < stream.length; i += size)
    items.push(...splitter.push(stream.slice(i, i + size)))
  items.push(...splitter.end())
  return items
}

/** What the full parser makes of a line (the reference). */
function reference(line: string): unknown {
  return parseNixLogJson(line.slice('@nix '.length))
}

describe('the quick path for build log lines', () => {
  it.each(lines)('reads %s as JSON.parse does', (line) => {
    expect(parseNixLogLine(line)).toEqual(reference(line))
    expect(parseNixLogLine(`${line}\r\n`)).toEqual(reference(line))
  })

  it('splits a stream of such lines as the full parser reads them, in any chunks', () => {
    const stream = lines.map((l) => `${l}\r\n`).join('') + 'a prompt: '
    const expected = lines.map((l) => reference(l))
    for (const size of [1, 5, 64, 4096, stream.length]) {
      const items = split(stream, size)
      const entries = items.flatMap((i) => (i.kind === 'entry' ? [i.entry] : []))
      expect(entries).toEqual(expected.filter((e) => e !== null))
      const text = items.map((i) => (i.kind === 'text' ? i.text : '')).join('')
      const notEntries = lines.filter((l) => reference(l) === null).map((l) => `${l}\r\n`)
      expect(text).toBe(notEntries.join('') + 'a prompt: ')
      for (const item of items) {
        if (item.kind === 'entry') expect(item.line.endsWith('}')).toBe(true)
      }
    }
  })

  it('ends a line that text began before the entry', () => {
    const splitter = new NixLogSplitter()
    const items = [...splitter.push('password: '), ...splitter.push(`${result('hi')}\r\n`)]
    expect(items[0]).toEqual({ kind: 'text', text: 'password: ' })
    expect(items[1]).toEqual({ kind: 'text', text: '\r\n' })
    expect(items[2]).toMatchObject({ kind: 'entry', entry: { fields: ['hi'] } })
  })
})
