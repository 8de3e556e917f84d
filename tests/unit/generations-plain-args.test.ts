// The quick generations path reads the common argument shapes by hand (node's parser costs a
// millisecond of a warm listing); whatever it reads must be what the full parser reads, and
// anything else goes to the full parser.
import { describe, expect, it } from 'vitest'
import { parseCommandArgs } from '../../src/main/cli/args'
import { plainGenerationsArgs } from '../../src/main/cli/generations-command'

const fullParse = (argv: string[]) => {
  const { values, positionals } = parseCommandArgs('generations', argv, {
    profile: { type: 'string' },
    json: { type: 'boolean' },
  })
  return { values: { ...values }, positionals }
}

describe('the plain shapes of flakedeck generations arguments', () => {
  it.each([
    [[]],
    [['--json']],
    [['--profile', '/nix/var/nix/profiles/system']],
    [['--profile=/nix/var/nix/profiles/system']],
    [['--json', '--profile', '/p/system']],
    [['--profile', '/p/system', '--json']],
    [['--profile=relative/system', '--json']],
  ])('reads %j as the full parser does', (argv) => {
    const plain = plainGenerationsArgs(argv)
    expect(plain).not.toBeNull()
    const { values, positionals } = fullParse(argv)
    expect(positionals).toEqual([])
    expect(plain).toEqual(values)
  })

  it.each([
    [['--help']],
    [['-h']],
    [['--json', '--json']],
    [['--profile', '/a', '--profile', '/b']],
    [['--profile']],
    [['--profile=']],
    [['--profile', '--json']],
    [['extra']],
    [['--colour']],
    [['--profile', '/a', 'extra']],
  ])('leaves %j to the full parser', (argv) => {
    expect(plainGenerationsArgs(argv)).toBeNull()
  })
})
