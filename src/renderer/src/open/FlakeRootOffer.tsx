import { useEffect, useState } from 'react'
import { call } from '../api/client'

interface Props {
  /** The path that was refused as having no flake.nix. */
  path: string
  opening: boolean
  onOpen(root: string): void
}

/**
 * After a folder without flake.nix was refused: when it lies inside a flake repo (a sub-folder
 * such as hosts/laptop), offers that flake's folder in one click.
 */
export function FlakeRootOffer({ path, opening, onOpen }: Props) {
  const [found, setFound] = useState<{ path: string; root: string | null } | null>(null)
  useEffect(() => {
    let live = true
    call('repo.findFlake', { path }).then(
      (answer) => live && setFound({ path, root: answer.flakeRoot }),
      () => live && setFound({ path, root: null }),
    )
    return () => {
      live = false
    }
  }, [path])
  const root = found?.path === path ? found.root : null
  if (!root) return null
  return (
    <div className="notice notice-info compact" role="region" aria-label="The flake of this repo">
      <div className="notice-body">
        <p>
          This folder is inside the flake at <code>{root}</code>.
        </p>
        <button type="button" className="primary" disabled={opening} onClick={() => onOpen(root)}>
          Open {root}
        </button>
      </div>
    </div>
  )
}
