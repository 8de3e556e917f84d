// repo.*: opening a flake repo (and watching it for changes), making a new one, and the list of
// recently opened ones.
import { createFlakeRepo, thisMachine } from '../../services/flake-template'
import type { HandlerContext } from '../handler-context'
import type { HandlersOf } from '../handler-types'

export function repoHandlers({ git, workspace, watcher }: HandlerContext): HandlersOf<'repo'> {
  const openRepo = async (path: string) => {
    const info = await workspace.openRepo(path)
    await watcher.watch(info.path)
    return info
  }
  return {
    'repo.open': ({ path }) => openRepo(path),
    'repo.create': async ({ path, hostname, homeManager, userName }) => {
      await createFlakeRepo(git, path, { hostname, homeManager, userName, ...thisMachine() })
      return openRepo(path)
    },
    'repo.recent': () => workspace.recent(),
    'repo.forget': ({ path }) => workspace.forget(path),
    'repo.findFlake': ({ path }) => workspace.findFlake(path),
  }
}
