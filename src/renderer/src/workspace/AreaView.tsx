import type { AppStatus, RepoInfo } from '../../../shared/contract'
import { PendingArea } from '../areas/PendingArea'
import type { AreaId } from './areas'

interface Props {
  area: AreaId
  status: AppStatus
  repo: RepoInfo
}

export function AreaView({ area }: Props) {
  switch (area) {
    case 'files':
      return null // always mounted by Workspace, so unsaved buffers survive a change of area
    case 'inputs':
      return (
        <PendingArea
          title="Inputs"
          summary="Every input of flake.lock: what it follows, its revision and age."
          points={[
            'update one or all',
            'pin to a branch, tag or commit',
            'preview the commits an update brings before applying it',
          ]}
        />
      )
    case 'rebuild':
      return (
        <PendingArea
          title="Rebuild"
          summary="Build and switch a host in one click."
          points={[
            'stream the build live with progress',
            'show what changes before switching',
            'record every run',
          ]}
        />
      )
    case 'generations':
      return (
        <PendingArea
          title="Generations"
          summary="The system's generations on a timeline."
          points={[
            'compare any two: packages added, removed, changed, and closure size',
            'roll back',
            'delete old ones',
          ]}
        />
      )
  }
}
