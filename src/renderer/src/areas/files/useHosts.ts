import { useCallback, useEffect, useState } from 'react'
import type { Diagnostic } from '../../../../shared/contract'
import { call, errorData } from '../../api/client'

const checkAfterSaveKey = 'flakedeck.checkAfterSave'

/** The hosts the flake defines, the one chosen, and evaluation checks of it. */
export function useHosts(repo: string) {
  const [hosts, setHosts] = useState<string[]>([])
  const [error, setError] = useState<Diagnostic | null>(null)
  const [loading, setLoading] = useState(true)
  const [selected, setSelected] = useState<string | null>(null)
  const [checking, setChecking] = useState(false)
  const [evalProblems, setEvalProblems] = useState<Diagnostic[]>([])
  const [lastCheck, setLastCheck] = useState<{ host: string; ok: boolean } | null>(null)
  const [checkAfterSave, setCheckAfterSaveState] = useState(
    () => localStorage.getItem(checkAfterSaveKey) === 'true',
  )

  const load = useCallback(
    () =>
      call('nix.hosts', { repo })
        .then(
          (result) => {
            setHosts(result.hosts)
            setError(result.error)
            setSelected((current) =>
              current && result.hosts.includes(current) ? current : (result.hosts[0] ?? null),
            )
          },
          (e: unknown) => {
            const data = errorData(e)
            setError({
              severity: 'error',
              message: `${data.message}${data.hint ? ` ${data.hint}` : ''}`,
              file: null,
              inRepo: false,
              line: null,
              column: null,
              trace: [],
            })
          },
        )
        .finally(() => setLoading(false)),
    [repo],
  )

  useEffect(() => {
    void load()
  }, [load])

  const refresh = useCallback(() => {
    setLoading(true)
    return load()
  }, [load])

  /** Checks `host` (chosen from the command palette, and selected) or the selected one. */
  const check = useCallback(
    async (host?: string) => {
      const target = host ?? selected
      if (!target) return
      if (host) setSelected(host)
      setChecking(true)
      try {
        const result = await call('nix.checkHost', { repo, host: target })
        setEvalProblems(result.diagnostics)
        setLastCheck({ host: target, ok: result.ok })
      } catch (e) {
        const data = errorData(e)
        setEvalProblems([
          {
            severity: 'error',
            message: data.message,
            file: null,
            inRepo: false,
            line: null,
            column: null,
            trace: [],
          },
        ])
        setLastCheck({ host: target, ok: false })
      } finally {
        setChecking(false)
      }
    },
    [repo, selected],
  )

  const setCheckAfterSave = (on: boolean) => {
    localStorage.setItem(checkAfterSaveKey, String(on))
    setCheckAfterSaveState(on)
  }

  return {
    hosts,
    error,
    loading,
    selected,
    setSelected,
    checking,
    check,
    evalProblems,
    lastCheck,
    checkAfterSave,
    setCheckAfterSave,
    refresh,
  }
}
