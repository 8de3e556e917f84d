import { useCallback, useRef, useState } from 'react'
import type { AppErrorData } from '../../../../shared/errors'
import type { LockChangeResult, LockPreview, UpdateSpec } from '../../../../shared/lockfile/schemas'
import { call, errorData } from '../../api/client'
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
 * Preview → apply → commit, and undo: one change to flake.lock at a time. `onChanged` runs after
 * anything that wrote flake.lock or made a commit, so the tree is read again.
 */
export function useLockChange(repo: string, onChanged: () => void) {
  const [stage, setStage] = useState<ChangeStage>({ kind: 'idle' })
  const [outcome, setOutcome] = useState<ChangeOutcome | null>(null)
  const [error, setError] = useState<AppErrorData | null>(null)
  const [busy, setBusy] = useState<'undo' | 'lock' | null>(null)
  /** Bumped on each preview request and on cancel; a late answer to an old one is dropped. */
  const request = useRef(0)

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
      const id = ++request.current
      const title = specTitle(spec)
      setError(null)
      setOutcome(null)
      setStage({ kind: 'previewing', spec, title })
      call('inputs.preview', { repo, spec }).then(
        (result) => {
          if (id === request.current)
            setStage({ kind: 'preview', preview: result, title, applying: false })
        },
        (e: unknown) => {
          if (id !== request.current) return
          setStage({ kind: 'idle' })
          setError(errorData(e))
        },
      )
    },
    [repo],
  )

  const cancel = useCallback(() => {
    request.current++
    setStage({ kind: 'idle' })
    setError(null)
  }, [])

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
          ? await call('inputs.pin', {
              repo,
              name: spec.name,
              target: spec.target,
              editFlakeNix: false,
            })
          : await call('inputs.apply', { repo, previewId: shown.id })
        setStage({ kind: 'idle' })
        setOutcome({ kind: 'applied', title, result })
        onChanged()
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
    [repo, stage, onChanged],
  )

  const undo = useCallback(async () => {
    setBusy('undo')
    setError(null)
    try {
      const result = await call('inputs.undo', { repo })
      setOutcome({ kind: 'undone', result })
      onChanged()
    } catch (e) {
      failed(errorData(e))
    } finally {
      setBusy(null)
    }
  }, [repo, onChanged, failed])

  /** Writes a first flake.lock for a flake that has none. */
  const createLock = useCallback(async () => {
    setBusy('lock')
    setError(null)
    try {
      const result = await call('inputs.update', { repo, names: 'all' })
      setOutcome({ kind: 'locked', result })
      onChanged()
    } catch (e) {
      failed(errorData(e))
    } finally {
      setBusy(null)
    }
  }, [repo, onChanged, failed])

  /** For the commit dialog: null when committed, else what went wrong. */
  const commit = useCallback(
    async (message: string, includeFlakeNix: boolean): Promise<AppErrorData | null> => {
      try {
        const { commit: rev } = await call('inputs.commitLock', { repo, message, includeFlakeNix })
        setOutcome({ kind: 'committed', commit: rev })
        onChanged()
        return null
      } catch (e) {
        return errorData(e)
      }
    },
    [repo, onChanged],
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
