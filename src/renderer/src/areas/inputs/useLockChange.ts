import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import type { AppErrorData } from '../../../../shared/errors'
import type { LockChangeResult, LockPreview, UpdateSpec } from '../../../../shared/lockfile/schemas'
import { errorData } from '../../api/client'
import { invalidate, useCoreMutation } from '../../data/core-query'
import { keys } from '../../data/keys'
import { specTitle } from './lock-change-text'

/** Where a change to flake.lock is: asked for, previewed, being applied. */
export type ChangeStage =
  | { kind: 'idle' }
  | { kind: 'previewing'; spec: UpdateSpec; title: string }
  | { kind: 'preview'; preview: LockPreview; title: string; applying: boolean }

/** What the last finished action did, for the banner above the tree. */
export type ChangeOutcome =
  | { kind: 'applied'; title: string; result: LockChangeResult }
  | { kind: 'undone'; result: LockChangeResult }
  | { kind: 'committed'; commit: string }
  | { kind: 'locked'; result: LockChangeResult }

/**
 * Preview → apply → commit, and undo: one change to flake.lock at a time. Each write is a
 * mutation of the query layer: once it succeeded (or met a conflict, when the files changed on
 * disk), the repo's inputs and git state are read again.
 */
export function useLockChange(repo: string) {
  const [stage, setStage] = useState<ChangeStage>({ kind: 'idle' })
  const [outcome, setOutcome] = useState<ChangeOutcome | null>(null)
  const [error, setError] = useState<AppErrorData | null>(null)
  const [busy, setBusy] = useState<'undo' | 'lock' | null>(null)
  const client = useQueryClient()
  const written = useCallback(
    () => [keys.inputs(repo), keys.git(repo), keys.fileTree(repo)],
    [repo],
  )
  const onChanged = useCallback(() => {
    for (const queryKey of written()) void invalidate(client, { queryKey })
  }, [client, written])
  // Only the newest preview asked for answers (a mutation's own callbacks fire for its latest
  // call only), and cancel forgets the one in flight.
  const previewing = useCoreMutation('inputs.preview')
  const { mutateAsync: pin } = useCoreMutation('inputs.pin', { invalidates: written })
  const { mutateAsync: applyPreview } = useCoreMutation('inputs.apply', { invalidates: written })
  const { mutateAsync: undoChange } = useCoreMutation('inputs.undo', { invalidates: written })
  const { mutateAsync: update } = useCoreMutation('inputs.update', { invalidates: written })
  const { mutateAsync: commitLock } = useCoreMutation('inputs.commitLock', {
    invalidates: written,
  })
  const { mutate: askPreview, reset: forgetPreview } = previewing

  /** Shows a failure; after a conflict the files changed on disk, so the tree is read again. */
  const failed = useCallback(
    (failure: AppErrorData) => {
      setError(failure)
      if (failure.code === 'conflict') onChanged()
    },
    [onChanged],
  )

  const preview = useCallback(
    (spec: UpdateSpec) => {
      const title = specTitle(spec)
      setError(null)
      setOutcome(null)
      setStage({ kind: 'previewing', spec, title })
      askPreview(
        { repo, spec },
        {
          onSuccess: (result) =>
            setStage({ kind: 'preview', preview: result, title, applying: false }),
          onError: (e) => {
            setStage({ kind: 'idle' })
            setError(errorData(e))
          },
        },
      )
    },
    [repo, askPreview],
  )

  const cancel = useCallback(() => {
    forgetPreview()
    setStage({ kind: 'idle' })
    setError(null)
  }, [forgetPreview])

  /**
   * Writes the previewed lock; for a pin, `writeFlakeNix: false` keeps flake.nix as it is.
   * Resolves to whether it was written.
   */
  const apply = useCallback(
    async (options: { writeFlakeNix: boolean }): Promise<boolean> => {
      if (stage.kind !== 'preview' || stage.applying) return false
      const { preview: shown, title } = stage
      const spec = shown.spec
      setStage({ ...stage, applying: true })
      setError(null)
      try {
        const lockOnly = spec.kind === 'pin' && shown.flakeNix?.applies && !options.writeFlakeNix
        const result = lockOnly
          ? await pin({
              repo,
              name: spec.name,
              target: spec.target,
              editFlakeNix: false,
            })
          : await applyPreview({ repo, previewId: shown.id })
        setStage({ kind: 'idle' })
        setOutcome({ kind: 'applied', title, result })
        return true
      } catch (e) {
        const failure = errorData(e)
        if (failure.code === 'conflict') {
          // flake.nix or flake.lock changed under the preview (a save, another window): the
          // preview is stale, so it closes, and the tree is read again from the files as they are.
          setStage({ kind: 'idle' })
          onChanged()
        } else {
          setStage({ ...stage, applying: false })
        }
        setError(failure)
        return false
      }
    },
    [repo, stage, onChanged, pin, applyPreview],
  )

  /** Runs an action the banner shows as busy, and then its outcome or its failure. */
  const busyWith = useCallback(
    async (kind: 'undo' | 'lock', work: () => Promise<ChangeOutcome>) => {
      setBusy(kind)
      setError(null)
      try {
        setOutcome(await work())
      } catch (e) {
        failed(errorData(e))
      } finally {
        setBusy(null)
      }
    },
    [failed],
  )

  const undo = useCallback(
    () => busyWith('undo', async () => ({ kind: 'undone', result: await undoChange({ repo }) })),
    [repo, undoChange, busyWith],
  )

  /** Writes a first flake.lock for a flake that has none. */
  const createLock = useCallback(
    () =>
      busyWith('lock', async () => ({
        kind: 'locked',
        result: await update({ repo, names: 'all' }),
      })),
    [repo, update, busyWith],
  )

  /** For the commit dialog: null when committed, else what went wrong. */
  const commit = useCallback(
    async (message: string, includeFlakeNix: boolean): Promise<AppErrorData | null> => {
      try {
        const { commit: rev } = await commitLock({ repo, message, includeFlakeNix })
        setOutcome({ kind: 'committed', commit: rev })
        return null
      } catch (e) {
        return errorData(e)
      }
    },
    [repo, commitLock],
  )

  return {
    stage,
    outcome,
    error,
    busy,
    preview,
    cancel,
    apply,
    undo,
    createLock,
    commit,
    dismissOutcome: () => setOutcome(null),
    dismissError: () => setError(null),
  }
}
