import { useEffect } from 'react'
import { readEditorSessionEarly } from '../areas/files/early-reads'
import { ErrorNotice } from '../components/ErrorNotice'
import { lazyNamed, OnDemand } from '../components/OnDemand'
import { DataProvider } from '../data/DataProvider'
import { OpenRepoScreen } from '../open/OpenRepoScreen'
import { ConnectionBanner } from '../workspace/ConnectionBanner'
import { prefetchWorkspace } from './prefetch-workspace'
import { useAppState } from './useAppState'

// The workspace (and with it Monaco, xterm, uPlot) loads once a repo is open: the open screen
// paints first.
const Workspace = lazyNamed(() => import('../workspace/Workspace'), 'Workspace')

export function App() {
  return (
    <DataProvider>
      <AppScreen />
      <ConnectionBanner />
    </DataProvider>
  )
}

function AppScreen() {
  const state = useAppState()
  const repoAhead = Boolean(state.repo) || state.opening
  const repoPath = state.repo?.path ?? null
  useEffect(() => {
    if (repoAhead) prefetchWorkspace()
  }, [repoAhead])
  // The editor's tabs and their text are asked for while the code that shows them loads.
  useEffect(() => {
    if (repoPath) readEditorSessionEarly(repoPath)
  }, [repoPath])
  if (state.statusError) {
    return (
      <main className="centered">
        <ErrorNotice error={state.statusError} />
      </main>
    )
  }
  if (!state.status) {
    return (
      <main className="centered" aria-busy="true">
        <p className="muted">Starting Flakedeck…</p>
      </main>
    )
  }
  if (!state.repo) {
    return (
      <OpenRepoScreen
        status={state.status}
        opening={state.opening}
        error={state.openError}
        onOpen={state.openRepo}
        previous={state.previous}
      />
    )
  }
  return (
    <OnDemand what={state.repo.name}>
      <Workspace status={state.status} repo={state.repo} onCloseRepo={state.closeRepo} />
    </OnDemand>
  )
}
