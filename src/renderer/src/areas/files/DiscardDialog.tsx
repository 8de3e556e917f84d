import { ConfirmDialog } from '../../components/ConfirmDialog'

interface Props {
  path: string
  /** Not in the last commit: discarding deletes it. */
  isNew: boolean
  /** The user said yes. */
  onDiscard(): void
  onClose(): void
}

/** Asks before one file's changes are thrown away (back to the last commit). */
export function DiscardDialog({ path, isNew, onDiscard, onClose }: Props) {
  return (
    <ConfirmDialog
      title={`Discard changes to ${path}?`}
      choices={[
        { label: 'Cancel', value: 'cancel' },
        { label: isNew ? 'Delete the file' : 'Discard changes', value: 'discard', kind: 'danger' },
      ]}
      onChoose={(choice) => {
        onClose()
        if (choice === 'discard') onDiscard()
      }}
    >
      <p>
        {isNew
          ? 'The file is not in the last commit: discarding deletes it.'
          : 'The file goes back to its version in the last commit, staged changes included.'}{' '}
        This cannot be undone.
      </p>
    </ConfirmDialog>
  )
}
