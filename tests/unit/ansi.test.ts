import { describe, expect, it } from 'vitest'
import { stripAnsi } from '../../src/shared/nix/ansi'

describe('stripAnsi', () => {
  it("takes out nix's colours and keeps the text, newlines and tabs", () => {
    expect(stripAnsi('\u001b[31;1merror:\u001b[0m builder\tfailed\r\n')).toBe(
      'error: builder\tfailed\r\n',
    )
  })

  it('takes out every CSI sequence, whatever its parameters and final byte', () => {
    expect(stripAnsi('a\u001b[2~b\u001b[>0cc\u001b[?25ld\u001b[1 qe')).toBe('abcde')
  })

  it('takes out OSC sequences ended by BEL or by ST (titles, hyperlinks)', () => {
    const link = '\u001b]8;;https://example.invalid\u001b\\here\u001b]8;;\u001b\\'
    expect(stripAnsi(`see ${link} and \u001b]0;title\u0007done`)).toBe('see here and done')
  })

  it('takes out two-character escapes', () => {
    expect(stripAnsi('a\u001bMb\u001b\\c')).toBe('abc')
  })

  it('leaves what may be the start of a sequence cut off at the end of a chunk', () => {
    expect(stripAnsi('text\u001b')).toBe('text\u001b')
    expect(stripAnsi('text\u001b[0')).toBe('text\u001b[0')
  })
})
