import { useState } from 'react'
import type { AppStatus, RepoInfo } from '../../../../shared/contract'
import type { UpdateSpec } from '../../../../shared/lockfile/schemas'
import { ErrorNotice } from '../../components/ErrorNotice'
import { AgeThresholdField } from './AgeThresholdField'
import { ChangeOutcomeBanner } from './ChangeOutcomeBanner'
import { CommitLockDialog } from './CommitLockDialog'
import { InputDetails } from './InputDetails'
import { InputsLegend } from './InputsLegend'
import { InputsTree } from './InputsTree'
import { defaultStaleAfterDays } from '../../../../shared/lockfile/input-age'
import { plural } from '../../../../shared/plural'
import { canUpdate } from './input-tree-view'
import { LockPreviewView } from './LockPreviewView'
import { OverviewNotices } from './OverviewNotices'
import { useAgeThreshold } from './useAgeThreshold'
import { useInputsOverview } from './useInputsOverview'
import { useInputsPreviewRequests } from './useInputsPreviewRequests'
import { useLockChange } from './useLockChange'
import { useStaleInputs } from './useUpstreamDistance'

interface Props {
  repo: RepoInfo
  status: AppStatus
}

/**
 * The Inputs area: flake.lock's inputs as a tree (type, ref, revision, date, age, follows, with
 * stale and duplicated inputs marked), the selected input's details and versions, and the
 * preview → apply → commit (or undo) of a change.
 */
export function InputsArea({ repo, status }: Props) {
  const inputs = useInputsOverview(repo.path)
  const threshold = useAgeThreshold()
  const change = useLockChange(repo.path)
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [checked, setChecked] = useState<ReadonlySet<string>>(() => new Set())
  const [committing, setCommitting] = useState(false)

  const overview = inputs.overview
  const rows = overview?.tree.rows ?? []
  const duplicates = overview?.tree.duplicates ?? []
  const staleDays = threshold.days ?? defaultStaleAfterDays
  const selected = rows.find((row) => row.id === selectedId) ?? null
  const ticked = rows.filter((row) => checked.has(row.id) && canUpdate(row)).map((row) => row.id)
  const stale = useStaleInputs(repo.path, rows, staleDays, inputs.readAt)
  const staleCount = stale.size
  const topLevelCount = rows.filter((row) => row.depth === 0).length
  const nixProblem = status.nix.problem
  const previewing = change.stage.kind !== 'idle'
  const blocked = nixProblem
    ? `nix is not available: ${nixProblem.message}`
    : previewing
      ? 'A change is being previewed.'
      : change.busy
        ? 'Busy with flake.lock.'
        : null
  const lockDirty = overview?.flakeLockDirty ?? false
  const canUndo = (lockDirty || inputs.error !== null) && change.busy === null && !previewing

  const toggleChecked = (ids: string[], on: boolean) =>
    setChecked((current) => {
      const next = new Set(current)
      for (const id of ids) {
        if (on) next.add(id)
        else next.delete(id)
      }
      return next
    })
  const preview = (spec: UpdateSpec) => change.preview(spec)
  useInputsPreviewRequests(preview, blocked)
  const outcome = change.outcome

  return (
    <div className="inputs-area">
      <header className="inputs-toolbar">
        <div className="inputs-heading">
          <h1 id="inputs-title">Inputs</h1>
          {overview && (
            <span className="inputs-counts" data-testid="inputs-counts">
              {plural(topLevelCount, 'input')}
              {rows.length > topLevelCount && ` (${rows.length} with theirs)`}
              {' · '}
              <span className={staleCount > 0 ? 'stale-text' : ''}>{staleCount} stale</span>
              {' · '}
              <span className={duplicates.length > 0 ? 'dup-text' : ''}>
                {duplicates.length} duplicated{' '}
                {duplicates.length === 1 ? 'repository' : 'repositories'}
              </span>
            </span>
          )}
          {inputs.refreshing && (
            <span className="muted small" role="status">
              <span className="spinner" aria-hidden="true" /> reading…
            </span>
          )}
        </div>
        <span className="status-spacer" />
        <div className="toolbar-group" role="group" aria-label="Change flake.lock">
          <button
            type="button"
            className="primary"
            disabled={ticked.length === 0 || blocked !== null}
            title={
              blocked ?? (ticked.length === 0 ? 'Tick inputs in the tree first' : ticked.join(', '))
            }
            onClick={() => preview({ kind: 'update', names: ticked })}
          >
            Update selected{ticked.length > 0 ? ` (${ticked.length})` : ''}…
          </button>
          <button
            type="button"
            disabled={!overview?.hasLock || blocked !== null}
            title={blocked ?? 'Preview updating every input'}
            onClick={() => preview({ kind: 'update-all' })}
          >
            Update all…
          </button>
        </div>
        <div className="toolbar-group" role="group" aria-label="flake.lock in git">
          <button
            type="button"
            disabled={!lockDirty || previewing}
            title={lockDirty ? 'Commit flake.lock' : 'flake.lock is as committed'}
            onClick={() => setCommitting(true)}
          >
            Commit…
          </button>
          <button
            type="button"
            disabled={!canUndo}
            title="Put back flake.lock as the last commit has it"
            onClick={() => void change.undo()}
          >
            {change.busy === 'undo' ? 'Undoing…' : 'Undo lock changes'}
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Read the inputs again"
            title="Read the inputs again"
            disabled={inputs.refreshing}
            onClick={() => void inputs.refresh()}
          >
            ↻
          </button>
        </div>
      </header>

      <div className="inputs-notices">
        {threshold.error && (
          <ErrorNotice error={threshold.error} onDismiss={threshold.clearError} />
        )}
        {change.error && !previewing && (
          <ErrorNotice error={change.error} onDismiss={change.dismissError} />
        )}
        {outcome && (
          <ChangeOutcomeBanner
            outcome={outcome}
            busy={change.busy !== null || previewing}
            onCommit={() => setCommitting(true)}
            onUndo={() => void change.undo()}
            onDismiss={change.dismissOutcome}
          />
        )}
        <OverviewNotices
          overview={overview}
          readError={inputs.error}
          nixProblem={nixProblem}
          busy={change.busy !== null}
          onUndo={() => void change.undo()}
          onCreateLock={() => void change.createLock()}
          onLock={(names) => preview({ kind: 'update', names })}
        />
      </div>

      {change.stage.kind !== 'idle' && (
        <LockPreviewView
          repo={repo.path}
          stage={change.stage}
          error={change.error}
          onCancel={change.cancel}
          onApply={(options) =>
            void change.apply(options).then((applied) => {
              if (applied) setChecked(new Set())
            })
          }
          onDismissError={change.dismissError}
        />
      )}

      <div className="inputs-body" hidden={previewing}>
        <section className="inputs-main" aria-labelledby="inputs-title">
          {inputs.loading && (
            <div className="inputs-loading" role="status">
              <span className="spinner large" aria-hidden="true" />
              <p>Reading flake.lock and asking nix which inputs flake.nix declares…</p>
            </div>
          )}
          {overview && rows.length > 0 && (
            <>
              <div className="inputs-tree-scroll">
                <InputsTree
                  rows={rows}
                  duplicates={duplicates}
                  staleDays={staleDays}
                  stale={stale}
                  undeclared={overview.undeclared}
                  selectedId={selectedId}
                  checked={checked}
                  onSelect={setSelectedId}
                  onToggleChecked={toggleChecked}
                />
              </div>
              <InputsLegend staleDays={staleDays}>
                {threshold.days !== null && (
                  <AgeThresholdField days={threshold.days} onChange={threshold.setDays} />
                )}
              </InputsLegend>
            </>
          )}
          {overview && overview.hasLock && rows.length === 0 && (
            <p className="centered muted">flake.lock locks no inputs.</p>
          )}
        </section>
        {overview && rows.length > 0 && (
          <InputDetails
            repo={repo.path}
            row={selected}
            rows={rows}
            duplicates={duplicates}
            staleDays={staleDays}
            readAt={inputs.readAt}
            blocked={blocked}
            onPreview={preview}
            onSelect={setSelectedId}
          />
        )}
      </div>

      {committing && (
        <CommitLockDialog
          repo={repo.path}
          fallbackMessage={
            outcome?.kind === 'applied' ? outcome.result.commitMessage : 'flake.lock: Update\n'
          }
          flakeNixDirty={overview?.flakeNixDirty ?? false}
          flakeNixChanged={outcome?.kind === 'applied' && outcome.result.flakeNix?.applies === true}
          onCommit={change.commit}
          onClose={() => setCommitting(false)}
        />
      )}
    </div>
  )
}
