import { useState, type FormEvent } from 'react'
import type { RepoInfo } from '../../../shared/contract'
import { ErrorNotice } from '../components/ErrorNotice'
import { problemOf, useCoreMutation } from '../data/core-query'

interface Props {
  defaultHostname: string
  onCreated(repo: RepoInfo): void
}

/** A new flake repo from the template: flake.nix, configuration.nix, optional home-manager. */
export function CreateFlakeForm({ defaultHostname, onCreated }: Props) {
  const [path, setPath] = useState('')
  const [hostname, setHostname] = useState(defaultHostname.split('.')[0] ?? '')
  const [homeManager, setHomeManager] = useState(false)
  const [userName, setUserName] = useState('')
  const creation = useCoreMutation('repo.create')
  const busy = creation.isPending
  const error = problemOf(creation.error)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    creation.mutate(
      {
        path: path.trim(),
        hostname: hostname.trim(),
        homeManager,
        ...(userName.trim() ? { userName: userName.trim() } : {}),
      },
      { onSuccess: onCreated },
    )
  }

  return (
    <form className="create-form" onSubmit={submit} aria-labelledby="create-title">
      <h2 id="create-title">Create a new flake</h2>
      <p className="muted">
        A git repo with flake.nix (nixpkgs input, nixosConfigurations.&lt;host&gt;) and
        configuration.nix, committed once.
      </p>
      <label htmlFor="create-path">New folder</label>
      <input
        id="create-path"
        type="text"
        spellCheck={false}
        placeholder="/home/you/nixos-config"
        value={path}
        onChange={(e) => setPath(e.target.value)}
      />
      <div className="row">
        <div className="field">
          <label htmlFor="create-host">Host name</label>
          <input
            id="create-host"
            type="text"
            spellCheck={false}
            value={hostname}
            onChange={(e) => setHostname(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="create-user">User (optional)</label>
          <input
            id="create-user"
            type="text"
            spellCheck={false}
            placeholder="alice"
            value={userName}
            onChange={(e) => setUserName(e.target.value)}
          />
        </div>
      </div>
      <label className="checkbox inline">
        <input
          type="checkbox"
          checked={homeManager}
          onChange={(e) => setHomeManager(e.target.checked)}
        />{' '}
        Add home-manager (input and module, with home.nix)
      </label>
      <div className="row">
        <button
          type="submit"
          className="primary"
          disabled={busy || !path.trim() || !hostname.trim()}
        >
          {busy ? 'Creating…' : 'Create flake'}
        </button>
      </div>
      {error && <ErrorNotice error={error} />}
    </form>
  )
}
