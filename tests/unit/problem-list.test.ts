import { describe, expect, it } from 'vitest'
import { mergeProblems } from '../../src/renderer/src/areas/files/problem-list'
import type { Diagnostic } from '../../src/shared/contract'

const problem = (over: Partial<Diagnostic>): Diagnostic => ({
  severity: 'error',
  message: "syntax error, unexpected ';'",
  file: 'hosts/a.nix',
  inRepo: true,
  line: 3,
  column: 10,
  trace: [],
  ...over,
})

describe('the Problems list', () => {
  it('lists a syntax error found by the parse and by a host check once', () => {
    const parsed = [problem({})]
    const evaluated = [problem({ message: "syntax error, unexpected ';', expecting ID" })]
    expect(mergeProblems(parsed, evaluated)).toEqual(parsed)
  })

  it('keeps problems at different places or of different severity', () => {
    const list = mergeProblems(
      [problem({})],
      [problem({ line: 4 }), problem({ severity: 'warning' }), problem({ file: 'b.nix' })],
    )
    expect(list).toHaveLength(4)
  })

  it('tells problems without a place apart by their message', () => {
    const nowhere = { file: null, inRepo: false, line: null, column: null }
    const list = mergeProblems(
      [],
      [
        problem({ ...nowhere, message: 'a' }),
        problem({ ...nowhere, message: 'b' }),
        problem({ ...nowhere, message: 'a' }),
      ],
    )
    expect(list.map((d) => d.message)).toEqual(['a', 'b'])
  })
})
