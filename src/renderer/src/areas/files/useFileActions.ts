// What the Files area does to files and the repo: save, format, create, rename, delete, git add,
// discard and commit. Each action reports its failure in the editor's error notice (a commit
// returns it to its dialog instead). Changes go through the query layer's mutations, which read
// again what they touch (the tree; git's view for add, discard and commit) before they resolve.
import { useCallback, useEffect, useMemo, useRef } from 'react'
import type { AppErrorData } from '../../../../shared/errors'
import { errorData } from '../../api/client'
import { useCoreMutation } from '../../data/core-query'
import { keys } from '../../data/keys'
import type { EditorStore } from './editor-store'

interface Deps {
  repo: string
  store: EditorStore
  /** Shows a short status line. */
  say(notice: string): void
  /** Parses a Nix file now (its problems after a save). */
  parseNow(path: string): Promise<void>
  /** After each successful save (a host check, when the user asked for one). */
  afterSave(): void
  refreshTree(): Promise<unknown>
}

/** A commit stopped because a tab it needed could not be saved first: which one, and why. */
function notCommitted(path: string, cause: AppErrorData): AppErrorData {
  return {
    code: cause.code,
    message: `Nothing was committed: ${path} could not be saved. ${cause.message}`,
    hint:
      cause.code === 'conflict'
        ? `Settle it in the editor (Keep mine, Take theirs or Compare), then commit again.`
        : (cause.hint ?? 'Save the file once it can be written, then commit again.'),
  }
}

export function useFileActions({ repo, store, say, parseNow, afterSave, refreshTree }: Deps) {
  // The host check to run changes with every render of the hosts; saving keeps one identity.
  const afterSaveRef = useRef(afterSave)
  useEffect(() => {
    afterSaveRef.current = afterSave
  })

  const save = useCallback(
    async (path: string) => {
      if (await store.save(path)) {
        say(`Saved ${path}`)
        await parseNow(path)
        afterSaveRef.current()
        void refreshTree()
      }
    },
    [store, say, parseNow, refreshTree],
  )

  const tree = [keys.fileTree(repo)]
  const gitAndTree = [keys.git(repo), keys.fileTree(repo)]
  const { mutateAsync: formatBuffer } = useCoreMutation('nix.format')
  const { mutateAsync: createPath } = useCoreMutation('files.create', { invalidates: () => tree })
  const { mutateAsync: renamePath } = useCoreMutation('files.rename', { invalidates: () => tree })
  const { mutateAsync: deletePath } = useCoreMutation('files.delete', { invalidates: () => tree })
  const { mutateAsync: gitAdd } = useCoreMutation('git.add', { invalidates: () => gitAndTree })
  const { mutateAsync: gitDiscard } = useCoreMutation('git.discard', {
    invalidates: () => gitAndTree,
  })
  const { mutateAsync: gitCommit } = useCoreMutation('git.commit', {
    invalidates: () => gitAndTree,
  })

  return useMemo(() => {
    const fail = (e: unknown) => store.fail(e)

    /** Formats the buffer (not the file): the result is an undoable edit. */
    const format = async (path: string) => {
      const model = store.model(path)
      if (!model) return
      try {
        const result = await formatBuffer({ repo, path, content: model.getValue() })
        model.pushEditOperations(
          [],
          [{ range: model.getFullModelRange(), text: result.content }],
          () => null,
        )
        say(`Formatted with ${result.formatter}`)
      } catch (e) {
        fail(e)
      }
    }

    const create = (path: string, folder: boolean) =>
      createPath({ repo, path, kind: folder ? 'folder' : 'file' }).then(async () => {
        if (!folder) await store.open(path)
      }, fail)

    /**
     * A tab without unsaved edits follows its file; one with edits stays for the user to save.
     * Whether the file was renamed (the tree lists the new name by then).
     */
    const rename = (from: string, to: string): Promise<boolean> =>
      renamePath({ repo, from, to }).then(
        async () => {
          const wasOpen = store.tab(from)
          if (wasOpen && !wasOpen.dirty) {
            store.close(from)
            await store.open(to)
          }
          return true
        },
        (e: unknown) => {
          fail(e)
          return false
        },
      )

    const remove = (path: string) => deletePath({ repo, path }).then(() => store.close(path), fail)

    /** Untracked files, which a flake cannot see, handed to git. */
    const addToGit = (paths: string[]) => gitAdd({ repo, paths }).then(() => undefined, fail)

    /** Back to the last commit; a file not in it is deleted, and its tab goes. */
    const discard = (path: string, isNew: boolean) =>
      gitDiscard({ repo, path }).then(() => {
        if (isNew) store.close(path)
        else void store.reload(path)
      }, fail)

    /** Closes a tab after saving it; it stays open if the save fails. */
    const saveAndClose = (path: string) => store.save(path).then((ok) => ok && store.close(path))

    /** Saves the chosen files' tabs first; a save that fails stops the commit, saying why. */
    const commit = async (paths: string[], message: string): Promise<AppErrorData | null> => {
      try {
        const failed = await store.saveDirty(paths)
        if (failed) return notCommitted(failed.path, failed.error)
        const { commit } = await gitCommit({ repo, paths, message })
        say(`Committed ${commit.slice(0, 7)}`)
        return null
      } catch (e) {
        return errorData(e)
      }
    }

    return { save, format, create, rename, remove, addToGit, discard, saveAndClose, commit }
  }, [
    repo,
    store,
    say,
    save,
    formatBuffer,
    createPath,
    renamePath,
    deletePath,
    gitAdd,
    gitDiscard,
    gitCommit,
  ])
}

export type FileActions = ReturnType<typeof useFileActions>
