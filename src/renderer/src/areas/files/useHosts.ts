import { useCallback, useState } from 'react'
import type { Diagnostic } from '../../../../shared/contract'
import { call, errorData } from '../../api/client'
import { useHosts as useFlakeHosts } from '../../data/useHosts'

const checkAfterSaveKey = 'flakedeck.checkAfterSave'

/**
 * The hosts the flake defines (the one list every area shares, data/useHosts.ts), the one chosen
 * here, and evaluation checks of it.
 */
export function useHosts(repo: string) {
  const flake = useFlakeHosts(repo)
  const hosts = flake.hosts ?? []
  const [chosen, setSelected] = useState<string | null>(null)
  // The choice stays while the flake still defines it; else the first host.
  const selected = chosen !== null && hosts.includes(chosen) ? chosen : (hosts[0] ?? null)
  const [checking, setChecking] = useState(false)
  const [evalProblems, setEvalProblems] = useState<Diagnostic[]>([])
  const [lastCheck, setLastCheck] = useState<{ host: string; ok: boolean } | null>(null)
  const [checkAfterSave, setCheckAfterSaveState] = useState(
    () => localStorage.getItem(checkAfterSaveKey) === 'true',
  )

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
    error: flake.error,
    loading: flake.loading,
    selected,
    setSelected,
    checking,
    check,
    evalProblems,
    lastCheck,
    checkAfterSave,
    setCheckAfterSave,
    refresh: flake.refresh,
  }
}
