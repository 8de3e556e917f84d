import type { NixInfo } from '../../../shared/contract'

/** Says plainly when nix is missing or too old, and what to do. */
export function NixProblem({ nix }: { nix: NixInfo }) {
  if (!nix.problem) return null
  return (
    <div className="notice notice-warning" role="alert">
      <div className="notice-body">
        <strong>{nix.problem.message}</strong>
        {nix.problem.hint && <p className="notice-hint">{nix.problem.hint}</p>}
        <p className="notice-hint">
          You can still open and edit a repo; building and updating need nix.
        </p>
      </div>
    </div>
  )
}
