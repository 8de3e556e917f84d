import type { AppStatus, RepoInfo } from '../../../shared/contract'
import { GenerationsArea } from '../areas/generations/GenerationsArea'
import { InputsArea } from '../areas/inputs/InputsArea'
import type { AreaId } from './areas'

interface Props {
  area: AreaId
  status: AppStatus
  repo: RepoInfo
}

export function AreaView({ area, status, repo }: Props) {
  switch (area) {
    case 'files':
      return null // always mounted by Workspace, so unsaved buffers survive a change of area
    case 'inputs':
      return <InputsArea key={repo.path} repo={repo} status={status} />
    case 'rebuild':
      return null // always mounted by Workspace: a running build keeps its terminal and acks
    case 'generations':
      return <GenerationsArea key={repo.path} status={status} repo={repo} />
  }
}
