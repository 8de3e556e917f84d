import { useEffect, useState } from 'react'
import type { AppStatus, RepoInfo } from '../../../shared/contract'
import { AreaView } from './AreaView'
import { areas, isAreaId, type AreaId } from './areas'
import { Sidebar } from './Sidebar'
import { StatusBar } from './StatusBar'

const lastAreaKey = 'flakedeck.lastArea'

interface Props {
  status: AppStatus
  repo: RepoInfo
  onCloseRepo(): void
}

export function Workspace({ status, repo, onCloseRepo }: Props) {
  const [area, setArea] = useState<AreaId>(() => {
    const saved = localStorage.getItem(lastAreaKey)
    return isAreaId(saved) ? saved : 'files'
  })
  useEffect(() => localStorage.setItem(lastAreaKey, area), [area])
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return
      const match = areas.find((a) => a.key === event.key)
      if (match) {
        event.preventDefault()
        setArea(match.id)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  return (
    <div className="workspace">
      <header className="title-bar">
        <span className="logo" aria-hidden="true">
          ❄
        </span>
        <span className="title-repo">{repo.name}</span>
        <span className="muted title-path">{repo.path}</span>
        <span className="status-spacer" />
        <button
          type="button"
          className="ghost"
          onClick={onCloseRepo}
          title="Close this repo and open another"
        >
          Open another…
        </button>
      </header>
      <Sidebar active={area} onSelect={setArea} />
      <main className="area-host">
        <AreaView area={area} status={status} repo={repo} />
      </main>
      <StatusBar status={status} repo={repo} />
    </div>
  )
}
