import { useEffect } from 'react'
import type { FileTree } from '../../../../shared/contract'
import { requestOpenFile } from '../../app/navigation'
import { setNixNavigation } from '../../editor/nix-navigation'

/** Lets F12 and Ctrl/Cmd+click on a Nix path open the repo file it names. */
export function useNixNavigation(repo: string, tree: FileTree | null) {
  useEffect(() => {
    if (!tree) return
    setNixNavigation({
      repo,
      files: new Set(tree.files),
      open: (path, line, column) => requestOpenFile({ path, line: line ?? 0, column: column ?? 0 }),
    })
    return () => setNixNavigation(null)
  }, [repo, tree])
}
