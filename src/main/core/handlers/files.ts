// files.*, drafts.* and session.*: the editor's view of the repo: its files (listed, read,
// written without clobbering, created, renamed, deleted, searched), the unsaved drafts kept for
// it, and the tabs it had open. Every path is checked here, once, before a service sees it.
import { describeDrafts } from '../../services/files/drafts-store'
import type { HandlerContext } from '../handler-context'
import type { HandlersOf } from '../handler-types'

export function filesHandlers(
  ctx: HandlerContext,
): HandlersOf<'files'> & HandlersOf<'drafts'> & HandlersOf<'session'> {
  const { files, textSearch, drafts, sessions, repoOf, pathIn } = ctx
  return {
    'files.tree': (input) => files.tree(repoOf(input)),
    'files.read': async (input) => {
      const repo = repoOf(input)
      return files.read(repo, await pathIn(repo, input.path))
    },
    'files.write': async (input) => {
      const repo = repoOf(input)
      const path = await pathIn(repo, input.path)
      return files.write(repo, path, input.content, input.baseVersion, input.overwrite ?? false)
    },
    'files.create': async (input) => {
      const repo = repoOf(input)
      await files.create(repo, await pathIn(repo, input.path), input.kind)
      return null
    },
    'files.rename': async (input) => {
      const repo = repoOf(input)
      await files.rename(repo, await pathIn(repo, input.from), await pathIn(repo, input.to))
      return null
    },
    'files.delete': async (input) => {
      const repo = repoOf(input)
      await files.remove(repo, await pathIn(repo, input.path))
      return null
    },
    'files.search': (input) =>
      textSearch.search(repoOf(input), {
        pattern: input.pattern,
        regex: input.regex,
        caseSensitive: input.caseSensitive,
      }),
    'drafts.save': async (input) => {
      const repo = repoOf(input)
      const path = await pathIn(repo, input.path)
      drafts.save(repo, { path, content: input.content, baseVersion: input.baseVersion })
      return null
    },
    'drafts.list': (input) => {
      const repo = repoOf(input)
      return describeDrafts(repo, drafts.list(repo))
    },
    'drafts.discard': async (input) => {
      const repo = repoOf(input)
      drafts.discard(repo, await pathIn(repo, input.path))
      return null
    },
    'session.get': (input) => sessions.get(repoOf(input)),
    'session.set': (input) => {
      sessions.set(repoOf(input), input.state)
      return null
    },
  }
}
