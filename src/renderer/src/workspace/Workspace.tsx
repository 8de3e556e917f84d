import { useEffect, useState } from 'react'
import type { AppStatus, RepoInfo } from '../../../shared/contract'
import { onOpenFileRequest, onShowAreaRequest } from '../app/navigation'
import { discardUnsavedWork, unsavedWork } from '../app/unsaved-work'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { lazyNamed, OnDemand } from '../components/OnDemand'
import { registerCommands } from '../palette/commands'
import { Palettes } from '../palette/Palettes'
import { AreaView } from './AreaView'
import { areas, isAreaId, type AreaId } from './areas'
import { Sidebar } from './Sidebar'
import { StatusBar } from './StatusBar'
import { useInputsCommands } from './useInputsCommands'

const lastAreaKey = 'flakedeck.lastArea'

// Each area's code (Files with Monaco, Rebuild with xterm) loads on its own, beside the others.
const FilesArea = lazyNamed(() => import('../areas/files/FilesArea'), 'FilesArea')
const RebuildArea = lazyNamed(() => import('../areas/rebuild/RebuildArea'), 'RebuildArea')

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
  const [leaving, setLeaving] = useState<string[] | null>(null)
  useEffect(() => onOpenFileRequest(() => setArea('files')), [])
  useEffect(() => onShowAreaRequest(setArea), [])
  useInputsCommands(repo.path)
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
  useEffect(
    () =>
      registerCommands(() =>
        areas.map((a) => ({
          id: `area-${a.id}`,
          title: `Show ${a.label}`,
          keys: `Ctrl+${a.key}`,
          run: () => setArea(a.id),
        })),
      ),
    [],
  )

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
          onClick={() => {
            const unsaved = unsavedWork()
            if (unsaved.length > 0) setLeaving(unsaved)
            else onCloseRepo()
          }}
          title="Close this repo and open another"
        >
          Open another…
        </button>
      </header>
      <Sidebar active={area} onSelect={setArea} />
      <main className="area-host">
        <div className="area-fill" hidden={area !== 'files'}>
          <OnDemand what="the Files area">
            <FilesArea key={repo.path} repo={repo} />
          </OnDemand>
        </div>
        <div className="area-fill" hidden={area !== 'rebuild'}>
          <OnDemand what="the Rebuild area">
            <RebuildArea key={repo.path} repo={repo} />
          </OnDemand>
        </div>
        {area !== 'files' && area !== 'rebuild' && (
          <AreaView area={area} status={status} repo={repo} />
        )}
      </main>
      {leaving && (
        <ConfirmDialog
          title="Leave this repo with unsaved changes?"
          choices={[
            { label: 'Stay', value: 'stay', kind: 'primary' },
            { label: 'Leave without saving', value: 'leave', kind: 'danger' },
          ]}
          onChoose={(choice) => {
            setLeaving(null)
            if (choice === 'leave') {
              discardUnsavedWork()
              onCloseRepo()
            }
          }}
        >
          <p>Unsaved: {leaving.join(', ')}</p>
        </ConfirmDialog>
      )}
      <Palettes repo={repo.path} />
      <StatusBar status={status} repo={repo} />
    </div>
  )
}
