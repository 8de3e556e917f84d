import { useState, type FormEvent } from 'react'
import type { AppStatus, RepoInfo } from '../../../shared/contract'
import type { AppErrorData } from '../../../shared/errors'
import { shellKind } from '../api/client'
import { ErrorNotice } from '../components/ErrorNotice'
import { NixProblem } from '../components/NixProblem'
import { relativeTime } from '../../../shared/relative-time'
import { CreateFlakeForm } from './CreateFlakeForm'
import { FlakeRootOffer } from './FlakeRootOffer'
import { usePickFolder } from './usePickFolder'
import { useRecentRepos } from './useRecentRepos'

interface Props {
  status: AppStatus
  opening: boolean
  error: AppErrorData | null
  onOpen(path: string): Promise<boolean>
  /** The repo left with "Open another…", to go back to. */
  previous?: RepoInfo | null
}

type Mode = 'open' | 'create'

export function OpenRepoScreen({ status, opening, error, onOpen, previous = null }: Props) {
  const [path, setPath] = useState(status.initialRepo ?? '')
  /** The path of the last attempt, for the offer of its flake's folder. */
  const [tried, setTried] = useState<string | null>(null)
  const picker = usePickFolder()
  const { recent, forget } = useRecentRepos()
  const canPick = shellKind() === 'electron'
  const [mode, setMode] = useState<Mode>('open')

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!path.trim()) return
    setTried(path.trim())
    void onOpen(path.trim())
  }
  const pick = async () => {
    const chosen = await picker.pick()
    if (chosen) {
      setPath(chosen)
      void onOpen(chosen)
    }
  }

  return (
    <main className="open-screen">
      <section className="open-card" aria-labelledby="open-title">
        <header>
          <h1 id="open-title">
            <span className="logo" aria-hidden="true">
              ❄
            </span>{' '}
            Flakedeck
          </h1>
          <p className="muted">Open the git repository that holds your system&apos;s flake.nix.</p>
          {previous && (
            <button
              type="button"
              className="open-back"
              disabled={opening}
              onClick={() => void onOpen(previous.path)}
              title={previous.path}
            >
              ← Back to {previous.name}
            </button>
          )}
        </header>
        <NixProblem nix={status.nix} />
        <div className="segmented" role="tablist" aria-label="Open or create">
          <button
            type="button"
            role="tab"
            aria-selected={mode === 'open'}
            className={mode === 'open' ? 'active' : ''}
            onClick={() => setMode('open')}
          >
            Open a repo
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={mode === 'create'}
            className={mode === 'create' ? 'active' : ''}
            onClick={() => setMode('create')}
          >
            Create a new flake
          </button>
        </div>
        {mode === 'create' && (
          <CreateFlakeForm
            defaultHostname={status.hostname}
            onCreated={(repo) => void onOpen(repo.path)}
          />
        )}
        {mode === 'open' && (
          <>
            <form onSubmit={submit} className="open-form">
              <label htmlFor="repo-path">Flake repository</label>
              <div className="row">
                <input
                  id="repo-path"
                  name="repo-path"
                  type="text"
                  spellCheck={false}
                  autoFocus
                  placeholder="/home/you/nixos-config"
                  value={path}
                  onChange={(e) => setPath(e.target.value)}
                />
                {canPick && (
                  <button type="button" onClick={() => void pick()} disabled={opening}>
                    Browse…
                  </button>
                )}
                <button type="submit" className="primary" disabled={opening || !path.trim()}>
                  {opening ? 'Opening…' : 'Open'}
                </button>
              </div>
            </form>
            {error && <ErrorNotice error={error} />}
            {error?.code === 'not-a-flake' && tried && (
              <FlakeRootOffer
                path={tried}
                opening={opening}
                onOpen={(root) => {
                  setPath(root)
                  setTried(root)
                  void onOpen(root)
                }}
              />
            )}
            {picker.error && <ErrorNotice error={picker.error} onDismiss={picker.clearError} />}
            <section aria-labelledby="recent-title" className="recent">
              <h2 id="recent-title">Recent</h2>
              {recent.length === 0 ? (
                <p className="muted">Repos you open are listed here.</p>
              ) : (
                <ul className="recent-list">
                  {recent.map((r) => (
                    <li key={r.path}>
                      <button
                        type="button"
                        className="recent-open"
                        onClick={() => void onOpen(r.path)}
                        disabled={opening}
                      >
                        <span className="recent-name">{r.name}</span>
                        <span className="recent-path">{r.path}</span>
                      </button>
                      <span className="muted recent-when">{relativeTime(r.openedAt)}</span>
                      <button
                        type="button"
                        className="ghost"
                        aria-label={`Remove ${r.name} from the recent list`}
                        title="Remove from the list (the repo stays on disk)"
                        onClick={() => void forget(r.path)}
                      >
                        ×
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </section>
    </main>
  )
}
