import type { RepoInfo } from '../../../../shared/contract'
import type { CleanupResult } from '../../../../shared/generations/care-types'
import type {
  DeleteResult,
  Generation,
  GenerationTimeline,
} from '../../../../shared/generations/types'
import { CleanupDialog } from './CleanupDialog'
import { DeleteDialog } from './DeleteDialog'
import { PinDialog } from './PinDialog'
import { ProfileDialog } from './ProfileDialog'
import { SwitchDialog } from './SwitchDialog'
import type { SwitchOutcome } from './useGenerationActions'

/** The dialog the Generations area shows, if any. */
export type GenerationsDialog =
  | { kind: 'profile' }
  | { kind: 'addProfile' }
  | { kind: 'switch'; target: Generation }
  | { kind: 'delete' }
  | { kind: 'pin'; target: Generation }
  | { kind: 'cleanup' }
  | null

interface Props {
  dialog: GenerationsDialog
  timeline: GenerationTimeline | null
  repo: RepoInfo
  profilePath: string | null
  nixos: boolean
  ticked: readonly number[]
  /** When the timeline was read: the deletion's "older than" counts from it. */
  now: number
  onClose(): void
  onProfile(path: string): Promise<void>
  onAddProfile(path: string): Promise<void>
  onSwitched(target: Generation, outcome: SwitchOutcome): void
  onPinned(target: Generation): void
  onDeleted(result: DeleteResult): void
  onCleanedUp(result: CleanupResult): void
}

/** Opens the area's dialog and says how it ended; each dialog closes itself. */
export function GenerationsDialogs(props: Props) {
  const { dialog, timeline, onClose } = props
  switch (dialog?.kind) {
    case 'profile':
      return (
        <ProfileDialog current={props.profilePath} onSave={props.onProfile} onClose={onClose} />
      )
    case 'addProfile':
      return <ProfileDialog current={null} onSave={props.onAddProfile} onClose={onClose} />
    case 'switch':
      return timeline ? (
        <SwitchDialog
          timeline={timeline}
          target={dialog.target}
          repo={props.repo.path}
          nixos={props.nixos}
          onClose={(outcome) => {
            onClose()
            if (outcome) props.onSwitched(dialog.target, outcome)
          }}
        />
      ) : null
    case 'pin':
      return (
        <PinDialog
          generation={dialog.target}
          onClose={(pinned) => {
            onClose()
            if (pinned) props.onPinned(dialog.target)
          }}
        />
      )
    case 'cleanup':
      return timeline ? (
        <CleanupDialog
          profilePath={timeline.profilePath}
          onClose={(result) => {
            onClose()
            if (result) props.onCleanedUp(result)
          }}
        />
      ) : null
    case 'delete':
      return timeline ? (
        <DeleteDialog
          timeline={timeline}
          checked={props.ticked}
          now={props.now}
          onClose={(result) => {
            onClose()
            if (result) props.onDeleted(result)
          }}
        />
      ) : null
    default:
      return null
  }
}
