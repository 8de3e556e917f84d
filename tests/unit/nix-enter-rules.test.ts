// Which lines make Enter indent in the nix editor (the rules Monaco applies before the cursor).
import { describe, expect, it } from 'vitest'
import { nixOnEnterRules } from '../../src/renderer/src/editor/nix-language'

const IndentAction = { None: 0, Indent: 1, IndentOutdent: 2, Outdent: 3 } as const
const rules = nixOnEnterRules(IndentAction as never)

/** The action of the first rule matching, as Monaco picks it. */
function onEnter(before: string, after = ''): number | null {
  const rule = rules.find(
    (r) => r.beforeText.test(before) && (!r.afterText || r.afterText.test(after)),
  )
  return rule ? rule.action.indentAction : null
}

describe('Enter in Nix', () => {
  it('indents after let, an opening bracket and an opening indented string', () => {
    expect(onEnter('  v = let')).toBe(IndentAction.Indent)
    expect(onEnter('let')).toBe(IndentAction.Indent)
    expect(onEnter('  let # bindings')).toBe(IndentAction.Indent)
    expect(onEnter('  xs = [')).toBe(IndentAction.Indent)
    expect(onEnter('  f = (')).toBe(IndentAction.Indent)
    expect(onEnter('{ config, ... }: {')).toBe(IndentAction.Indent)
    expect(onEnter("  script = ''")).toBe(IndentAction.Indent)
  })

  it('puts the closing bracket or quotes on their own line', () => {
    expect(onEnter('  xs = [', ']')).toBe(IndentAction.IndentOutdent)
    expect(onEnter("  script = ''", "'';")).toBe(IndentAction.IndentOutdent)
  })

  it('does nothing special after a closed string, a word ending in let, or plain lines', () => {
    expect(onEnter("  x = ''done''")).toBeNull()
    expect(onEnter('  outlet')).toBeNull()
    expect(onEnter('  a = 1;')).toBeNull()
  })
})
