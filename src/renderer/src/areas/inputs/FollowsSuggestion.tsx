import type { DuplicateGroup, InputRow } from '../../../../shared/lockfile/input-tree'
import type { UpdateSpec } from '../../../../shared/lockfile/schemas'
import { followsProposals } from './input-tree-view'
import './follows-suggestion.css'

interface Props {
  group: DuplicateGroup
  rows: readonly InputRow[]
  /** Why changes are not possible right now (nix missing, a change under way), or null. */
  blocked: string | null
  onPreview(spec: UpdateSpec): void
}

/**
 * The flake.nix lines that make the other copies of a duplicated repository follow one copy,
 * each with a button that previews the edit (flake.nix and flake.lock diffs) like a pin does;
 * nothing is written until the preview is applied.
 */
export function FollowsSuggestion({ group, rows, blocked, onPreview }: Props) {
  const proposals = followsProposals(group, rows)
  if (proposals.length === 0) return null
  return (
    <div className="follows-suggestion">
      <p className="muted">To use one copy, flake.nix needs:</p>
      {proposals.map((proposal) => (
        <div key={proposal.input} className="follows-proposal">
          <pre className="code-snippet">{proposal.line}</pre>
          <button
            type="button"
            disabled={blocked !== null}
            title={
              blocked ??
              `Preview adding this line to flake.nix and locking it; nothing is written before you apply`
            }
            aria-label={`Make ${proposal.input} follow ${proposal.target}…`}
            onClick={() =>
              onPreview({ kind: 'follows', input: proposal.input, target: proposal.target })
            }
          >
            Apply…
          </button>
        </div>
      ))}
    </div>
  )
}
