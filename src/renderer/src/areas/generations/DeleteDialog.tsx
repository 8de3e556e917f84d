import { useState } from 'react'
import type {
  DeleteResult,
  DeleteSelection,
  GenerationTimeline,
} from '../../../../shared/generations/types'
import { formatBytes, formatCount } from '../../../../shared/generations/format'
import { commandLine } from '../rebuild/rebuild-format'
import { deletionPreview } from './generations-view'
import { TaskDialog } from './TaskDialog'
import { useDeleteGenerations } from './useGenerationActions'

interface Props {
  timeline: GenerationTimeline
  /** Generations ticked in the timeline. */
  checked: readonly number[]
  now: number
  onClose(result: DeleteResult | null): void
}

type Mode = 'numbers' | 'olderThan' | 'keepNewest'

function numbersText(numbers: readonly number[]): string {
  if (numbers.length === 0) return 'none'
  if (numbers.length <= 12) return numbers.map((n) => `#${n}`).join(', ')
  return `${numbers
    .slice(0, 10)
    .map((n) => `#${n}`)
    .join(', ')} and ${numbers.length - 10} more`
}

/**
 * Deletes generations (the ticked ones, those older than N days, or all but the newest K) and
 * optionally collects garbage; shows which would go before, and what was freed after.
 */
export function DeleteDialog({ timeline, checked, now, onClose }: Props) {
  const [mode, setMode] = useState<Mode>(checked.length > 0 ? 'numbers' : 'olderThan')
  const [days, setDays] = useState(30)
  const [keep, setKeep] = useState(10)
  const [gc, setGc] = useState(false)
  const { busy, failure, result, run } = useDeleteGenerations()

  const selection: DeleteSelection | null =
    mode === 'numbers'
      ? checked.length > 0
        ? { kind: 'numbers', numbers: [...checked] }
        : null
      : mode === 'olderThan'
        ? days >= 1
          ? { kind: 'olderThan', days }
          : null
        : keep >= 1
          ? { kind: 'keepNewest', count: keep }
          : null
  const preview = selection ? deletionPreview(timeline.generations, selection, now) : null
  const going = preview?.deleted.length ?? 0

  return (
    <TaskDialog
      name="delete"
      title="Delete generations"
      busy={busy}
      failure={failure}
      progress={gc ? 'Deleting and collecting garbage…' : 'Deleting…'}
      result={result && <DeleteOutcome result={result} />}
      confirm={{
        label:
          going > 0 ? `Delete ${formatCount(going)} generation${going === 1 ? '' : 's'}` : 'Delete',
        disabled: going === 0,
        onClick: () => {
          if (selection) void run(selection, gc)
        },
      }}
      onClose={() => onClose(result)}
    >
      <fieldset className="gen-delete-modes" disabled={busy}>
        <legend className="muted">Which generations</legend>
        <label className="radio">
          <input
            type="radio"
            name="delete-mode"
            checked={mode === 'numbers'}
            disabled={checked.length === 0}
            onChange={() => setMode('numbers')}
          />
          The ticked ones ({checked.length === 0 ? 'none ticked' : numbersText(checked)})
        </label>
        <label className="radio">
          <input
            type="radio"
            name="delete-mode"
            checked={mode === 'olderThan'}
            onChange={() => setMode('olderThan')}
          />
          Older than
          <input
            type="number"
            min={1}
            aria-label="Days"
            value={days}
            onChange={(e) => setDays(Math.floor(Number(e.target.value)))}
            onFocus={() => setMode('olderThan')}
          />
          days
        </label>
        <label className="radio">
          <input
            type="radio"
            name="delete-mode"
            checked={mode === 'keepNewest'}
            onChange={() => setMode('keepNewest')}
          />
          All but the newest
          <input
            type="number"
            min={1}
            aria-label="Generations to keep"
            value={keep}
            onChange={(e) => setKeep(Math.floor(Number(e.target.value)))}
            onFocus={() => setMode('keepNewest')}
          />
        </label>
      </fieldset>
      <div className="gen-delete-preview" data-testid="delete-preview">
        {preview && preview.deleted.length > 0 ? (
          <p>
            Deletes <strong>{numbersText(preview.deleted)}</strong>.
          </p>
        ) : (
          <p className="muted">Nothing to delete with this choice.</p>
        )}
        {preview && preview.kept.length > 0 && (
          <p className="muted">
            Keeps {numbersText(preview.kept)}: the current, the booted and pinned generations stay.
          </p>
        )}
      </div>
      <label className="checkbox inline">
        <input
          type="checkbox"
          checked={gc}
          disabled={busy}
          onChange={(e) => setGc(e.target.checked)}
        />
        Then collect garbage (<code>nix-store --gc</code>) to free the space
      </label>
      {preview && preview.deleted.length > 0 && (
        <div className="command-preview" role="region" aria-label="Commands to run">
          <div className="command-line">
            <span className="muted">$ </span>
            <code data-testid="delete-command">
              {commandLine([
                'nix-env',
                '-p',
                timeline.profilePath,
                '--delete-generations',
                ...preview.deleted.map(String),
              ])}
            </code>
          </div>
          {gc && (
            <div className="command-line">
              <span className="muted">then: </span>
              <code>nix-store --gc</code>
            </div>
          )}
        </div>
      )}
      <p className="muted">
        A deleted generation cannot be switched back to; its store paths go at the next garbage
        collection{gc ? ', which runs now and may take a while' : ''}.
      </p>
    </TaskDialog>
  )
}

function DeleteOutcome({ result }: { result: DeleteResult }) {
  return (
    <>
      <p>
        {result.deleted.length > 0
          ? `Deleted ${formatCount(result.deleted.length)} generation${result.deleted.length === 1 ? '' : 's'}: ${numbersText(result.deleted)}.`
          : 'No generation was deleted.'}
      </p>
      {result.protected.length > 0 && (
        <p className="muted">
          Kept {numbersText(result.protected)}: the current, the booted and pinned generations are
          never deleted.
        </p>
      )}
      {result.gc && (
        <p>
          Garbage collection freed <strong>{formatBytes(result.gc.bytesFreed)}</strong> (
          {formatCount(result.gc.pathsDeleted)} store paths).
        </p>
      )}
    </>
  )
}
