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
        {repo.dirty ? ' •' : ''}
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
