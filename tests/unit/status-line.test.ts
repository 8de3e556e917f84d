// The status line of long CLI commands: rewritten in place, cut to the terminal's width (wide and
// combined characters counted as a terminal draws them), erased on clear, and nothing at all when
// stderr is no terminal or TERM=dumb.
import { describe, expect, it } from 'vitest'
import type { CliIo } from '../../src/main/cli/io'
import { statusLine } from '../../src/main/cli/status-line'
import { displayWidth, fitToWidth } from '../../src/main/cli/terminal-width'

function stderrOf(errTerminal: CliIo['errTerminal'], env: NodeJS.ProcessEnv = {}) {
  const io = { written: '', env, errTerminal, err: (t: string) => void (io.written += t) }
  return io
}

describe('displayWidth and fitToWidth', () => {
  it('count CJK and emoji as two columns, combining marks and joiners as none', () => {
    expect(displayWidth('hello')).toBe(5)
    expect(displayWidth('日本語')).toBe(6)
    expect(displayWidth('한국')).toBe(4)
    expect(displayWidth('ｆｕｌｌ')).toBe(8)
    expect(displayWidth('e\u0301')).toBe(1) // e and a combining acute: é
    expect(displayWidth('😀')).toBe(2)
    expect(displayWidth('👩‍💻')).toBe(2) // a ZWJ sequence is one picture
    expect(displayWidth('🇫🇷')).toBe(2)
    expect(displayWidth('❤️')).toBe(2) // VS16: drawn as an emoji
    expect(displayWidth('a\u200bb')).toBe(2)
  })

  it('keeps a text that fits, else cuts it between graphemes and ends it with …', () => {
    expect(fitToWidth('abc', 3)).toBe('abc')
    expect(fitToWidth('abcdef', 4)).toBe('abc…')
    // 日 is two columns: in 4 columns one fits before the …, and a column stays blank.
    expect(fitToWidth('日本語', 4)).toBe('日…')
    expect(displayWidth(fitToWidth('日本語', 4))).toBe(3)
    expect(fitToWidth('日本語', 5)).toBe('日本…')
    // Never half a grapheme: the accent stays with its letter, the family stays whole.
    expect(fitToWidth('ée\u0301e\u0301e\u0301', 3)).toBe('ée\u0301…')
    expect(fitToWidth('ab👩‍👩‍👧x', 4)).toBe('ab…')
    expect(fitToWidth('abc', 1)).toBe('…')
    expect(fitToWidth('abc', 0)).toBe('')
  })
})

describe('statusLine', () => {
  it('rewrites one line in place, cut to one column less than the terminal', () => {
    const io = stderrOf({ columns: 12 })
    const line = statusLine(io)
    line.show('Evaluating the system…')
    line.show('Comparing…')
    expect(io.written).toBe('\rEvaluating…\x1b[K\rComparing…\x1b[K')
    line.clear()
    expect(io.written.endsWith('\r\x1b[K')).toBe(true)
  })

  it('follows the width as it changes (a resize), and cuts wide characters by columns', () => {
    const terminal = { columns: 80 }
    const io = stderrOf(terminal)
    const line = statusLine(io)
    terminal.columns = 9
    line.show('Host 日本語のホスト')
    expect(io.written).toBe('\rHost 日…\x1b[K')
  })

  it('writes a text once while it stays the same, and clears only what it showed', () => {
    const io = stderrOf({ columns: 80 })
    const line = statusLine(io)
    line.clear()
    expect(io.written).toBe('')
    line.show('Reading…')
    line.show('Reading…')
    line.clear()
    line.clear()
    expect(io.written).toBe('\rReading…\x1b[K\r\x1b[K')
  })

  it("drops nix's colours and turns newlines and tabs into spaces", () => {
    const io = stderrOf({ columns: 80 })
    statusLine(io).show("copying '\x1b[35;1m/nix/store/x\x1b[0m'\tto\nthe store\x1b]8;;u\x07!\r")
    expect(io.written).toBe("\rcopying '/nix/store/x' to the store!\x1b[K")
  })

  it('writes nothing when stderr is no terminal, or the terminal is dumb', () => {
    for (const io of [
      stderrOf(null),
      stderrOf(undefined),
      stderrOf({ columns: 80 }, { TERM: 'dumb' }),
    ]) {
      const line = statusLine(io)
      line.show('Evaluating…')
      line.clear()
      expect(io.written).toBe('')
    }
  })
})
