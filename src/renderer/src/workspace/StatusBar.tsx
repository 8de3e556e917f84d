import type { AppStatus, RepoInfo } from '../../../shared/contract'
import { ConnectionStatusItem } from './ConnectionBanner'

export function StatusBar({ status, repo }: { status: AppStatus; repo: RepoInfo }) {
  const nix = status.nix
  const nixText = nix.problem ? nix.problem.message : `nix ${nix.version ?? '?'}`
  return (
    <footer className="status-bar" aria-label="Status">
      <span className="status-item" data-testid="status-repo" title={repo.path}>
        ❄ {repo.name}
      </span>
      <span
        className="status-item"
        data-testid="status-branch"
        title={repo.head ?? 'no commits yet'}
      >
        ⎇ {repo.branch ?? (repo.head ? `detached at ${repo.head.slice(0, 7)}` : 'no commits')}
        {repo.dirty && (
          // The state nix warns about on every command ("Git tree … is dirty"), said once here
          // instead of as a problem.
          <span
            data-testid="status-dirty"
            aria-label="uncommitted changes"
            title="Uncommitted changes: nix evaluates and builds the work tree as it is (it warns that the Git tree is dirty), and a rebuild records the commit as dirty"
          >
            {' •'}
          </span>
        )}
      </span>
      <span className="status-spacer" />
      <span
        className={nix.problem ? 'status-item status-warning' : 'status-item'}
        data-testid="status-nix"
        title={
          nix.problem?.hint ??
          (nix.flakesEnabledByConfig
            ? 'flakes enabled'
            : 'flakes enabled by Flakedeck for its own commands')
        }
      >
        {nixText}
      </span>
      {status.shell === 'browser' && <ConnectionStatusItem />}
      <span className="status-item muted">
        {status.shell === 'browser' ? 'browser mode' : 'desktop'}
      </span>
    </footer>
  )
}
