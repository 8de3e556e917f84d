import type { AppStatus, RepoInfo } from '../../../shared/contract'
import { lazyNamed, OnDemand } from '../components/OnDemand'
import type { AreaId } from './areas'

// Loaded when first shown (Generations brings uPlot), not with the first screen.
const InputsArea = lazyNamed(() => import('../areas/inputs/InputsArea'), 'InputsArea')
const GenerationsArea = lazyNamed(
  () => import('../areas/generations/GenerationsArea'),
  'GenerationsArea',
)

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
      return (
        <OnDemand what="the Inputs area">
          <InputsArea key={repo.path} repo={repo} status={status} />
        </OnDemand>
      )
    case 'rebuild':
      return null // always mounted by Workspace: a running build keeps its terminal and acks
    case 'generations':
      return (
        <OnDemand what="the Generations area">
          <GenerationsArea key={repo.path} status={status} repo={repo} />
        </OnDemand>
      )
  }
}
