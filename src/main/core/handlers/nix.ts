// nix.*: what the editor asks nix: does a buffer parse, which hosts the flake defines, does a
// host evaluate, and the buffer formatted.
import type { HandlerContext } from '../handler-context'
import type { HandlersOf } from '../handler-types'

export function nixHandlers({ nixCheck, repoOf, pathIn }: HandlerContext): HandlersOf<'nix'> {
  return {
    'nix.parse': async (input) => {
      const repo = repoOf(input)
      return nixCheck.parse(repo, await pathIn(repo, input.path), input.content)
    },
    'nix.hosts': (input) => nixCheck.hosts(repoOf(input)),
    'nix.checkHost': (input) => nixCheck.checkHost(repoOf(input), input.host),
    'nix.format': async (input) => {
      const repo = repoOf(input)
      return nixCheck.format(repo, await pathIn(repo, input.path), input.content)
    },
  }
}
