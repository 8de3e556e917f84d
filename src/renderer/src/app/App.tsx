import { ErrorNotice } from '../components/ErrorNotice'
import { DataProvider } from '../data/DataProvider'
import { OpenRepoScreen } from '../open/OpenRepoScreen'
import { ConnectionBanner } from '../workspace/ConnectionBanner'
import { Workspace } from '../workspace/Workspace'
import { useAppState } from './useAppState'

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
  return <Workspace status={state.status} repo={state.repo} onCloseRepo={state.closeRepo} />
}
