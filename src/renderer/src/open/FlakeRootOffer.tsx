import { useFlakeRoot } from './useFlakeRoot'

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
  const root = useFlakeRoot(path)
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
