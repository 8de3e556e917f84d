// git.*: the repo's status, history and one commit's details, the committed content of a file,
// and the changes that write the index (add, discard, commit), each announced as repo.changed.
import type { HandlerContext } from '../handler-context'
import type { HandlersOf } from '../handler-types'

export function gitHandlers(ctx: HandlerContext): HandlersOf<'git'> {
  const { git, workspace, events, repoOf, pathIn } = ctx
  const announce = async (repo: string) =>
    events.emit('repo.changed', await workspace.describe(repo))
  return {
    'git.status': (input) => git.status(repoOf(input)),
    'git.headContent': async (input) => {
      const repo = repoOf(input)
      return { content: await git.showHead(repo, await pathIn(repo, input.path)) }
    },
    'git.add': async (input) => {
      const repo = repoOf(input)
      await git.add(repo, await Promise.all(input.paths.map((p) => pathIn(repo, p))))
      return null
    },
    'git.log': (input) => git.log(repoOf(input)),
    'git.commitDetails': (input) => git.commitDetails(repoOf(input), input.hash),
    'git.discard': async (input) => {
      const repo = repoOf(input)
      await git.discard(repo, await pathIn(repo, input.path))
      await announce(repo)
      return null
    },
    'git.commit': async (input) => {
      const repo = repoOf(input)
      const paths = await Promise.all(input.paths.map((p) => pathIn(repo, p)))
      const commit = await git.commit(repo, paths, input.message)
      await announce(repo)
      return { commit }
    },
  }
}
