import { useState } from 'react'
import {
  followsText,
  type DuplicateGroup,
  type InputRow,
} from '../../../../shared/lockfile/input-tree'
import { lockDate } from '../../../../shared/lockfile/lock-diff'
import type { UpdateSpec } from '../../../../shared/lockfile/schemas'
import { formatAge } from '../../../../shared/lockfile/input-age'
import { canPin, canUpdate, hasVersions, refKind, refLabel } from './input-tree-view'
import { FollowsSuggestion } from './FollowsSuggestion'
import { distanceText, hasUpstream, isStaleInput, useUpstreamDistance } from './useUpstreamDistance'
import { VersionPicker } from './VersionPicker'

interface Props {
  repo: string
  row: InputRow | null
  rows: InputRow[]
  duplicates: DuplicateGroup[]
  staleDays: number
  readAt: number
  /** Why changes are not possible right now (nix missing, a change under way), or null. */
  blocked: string | null
  onPreview(spec: UpdateSpec): void
  onSelect(id: string): void
}

/** The selected input in full, with what can be done to it; the duplicates when none is. */
export function InputDetails(props: Props) {
  const { row } = props
  return (
    <aside className="inputs-side" aria-label="Input details">
      {row ? <RowDetails key={row.id} {...props} row={row} /> : <NothingSelected {...props} />}
    </aside>
  )
}

function NothingSelected({ rows, duplicates, blocked, onPreview, onSelect }: Props) {
  return (
    <div className="inputs-side-body">
      <p className="muted">
        Select an input to see where it comes from, update it, or move it to another branch, tag or
        commit. Tick several to update them together.
      </p>
      {duplicates.length > 0 && (
        <section className="side-section" aria-label="Duplicates">
          <h3>Duplicated repositories</h3>
          {duplicates.map((group) => (
            <DuplicateNote
              key={group.id}
              group={group}
              rows={rows}
              blocked={blocked}
              onPreview={onPreview}
              onSelect={onSelect}
            />
          ))}
        </section>
      )}
    </div>
  )
}

function DuplicateNote({
  group,
  rows,
  current,
  blocked,
  onPreview,
  onSelect,
}: {
  group: DuplicateGroup
  rows: InputRow[]
  current?: string
  blocked: string | null
  onPreview(spec: UpdateSpec): void
  onSelect(id: string): void
}) {
  return (
    <div className="duplicate-note">
      <p>
        <span className="mono">{group.id}</span> is locked at {group.revisions.length} revisions:{' '}
        {group.rowIds.map((id, i) => {
          const member = rows.find((r) => r.id === id)
          return (
            <span key={id}>
              {i > 0 && ', '}
              {id === current ? (
                <strong>{id}</strong>
              ) : (
                <button type="button" className="link" onClick={() => onSelect(id)}>
                  {id}
                </button>
              )}{' '}
              <code>{member?.shortRev ?? '?'}</code>
            </span>
          )
        })}
        . Each copy is fetched and built on its own.
      </p>
      <FollowsSuggestion group={group} rows={rows} blocked={blocked} onPreview={onPreview} />
    </div>
  )
}

function RowDetails({
  repo,
  row,
  rows,
  duplicates,
  staleDays,
  readAt,
  blocked,
  onPreview,
  onSelect,
}: Props & { row: InputRow }) {
  const [picking, setPicking] = useState(false)
  const distance = useUpstreamDistance(repo, row.id, row.lockedRev, hasUpstream(row))
  const stale = isStaleInput(row, staleDays, readAt, distance)
  const group = duplicates.find((g) => g.id === row.duplicateGroup) ?? null
  const ref = refLabel(row)
  return (
    <div className="inputs-side-body">
      <header className="side-title">
        <h2>{row.id}</h2>
        {stale && <span className="tag tag-warning">stale</span>}
        {group && <span className="tag tag-dup">duplicate</span>}
        {!row.isFlake && <span className="tag tag-muted">non-flake</span>}
      </header>
      {row.problem && (
        <p className="notice notice-error compact" role="alert">
          {row.problem}
        </p>
      )}
      {row.follows === '' ? (
        <p>
          Follows <strong>{followsText(row.follows)}</strong>: nix hands it this flake itself
          instead of a source of its own. <code>follows = &quot;&quot;</code> in flake.nix is the
          usual way to turn off an input that is not needed.
        </p>
      ) : row.follows !== null ? (
        <p>
          Follows{' '}
          <button type="button" className="link" onClick={() => onSelect(row.follows!)}>
            {row.follows}
          </button>
          : it uses that input&apos;s lock and has none of its own. Update{' '}
          <strong>{row.follows}</strong> to move it.
        </p>
      ) : null}
      <dl className="input-facts">
        <dt>Type</dt>
        <dd>{row.type ?? 'unknown'}</dd>
        <dt>Source</dt>
        <dd className="mono break">{row.location ?? '—'}</dd>
        <dt>Asks for</dt>
        <dd>
          {ref ? (
            <>
              <code>{ref}</code> <span className="muted">({refKind(row)})</span>
            </>
          ) : (
            <span className="muted">the default branch</span>
          )}
        </dd>
        <dt>Locked to</dt>
        <dd className="mono break">{row.lockedRev ?? row.lockedUrl ?? '—'}</dd>
        <dt>Date</dt>
        <dd>
          {lockDate(row.lastModified) ?? '—'}
          {row.ageDays !== null && (
            <span className={stale ? 'stale-text' : 'muted'}>
              {' '}
              · {row.ageDays < 1 ? 'today' : `${formatAge(row.ageDays)} old`}
            </span>
          )}
        </dd>
        {distance && (
          <>
            <dt>Upstream</dt>
            <dd data-testid="upstream-distance">{distanceText(distance)}</dd>
          </>
        )}
        {row.childCount > 0 && row.follows === null && (
          <>
            <dt>Inputs</dt>
            <dd>{row.childCount}</dd>
          </>
        )}
      </dl>
      {stale && (
        <p className="stale-text">
          Locked more than {staleDays} days ago: it may be missing security fixes.
        </p>
      )}
      {group && (
        <DuplicateNote
          group={group}
          rows={rows}
          current={row.id}
          blocked={blocked}
          onPreview={onPreview}
          onSelect={onSelect}
        />
      )}
      {canUpdate(row) && (
        <div className="side-actions">
          <button
            type="button"
            className="primary"
            disabled={blocked !== null}
            title={blocked ?? `Preview moving ${row.id} to the newest revision of what it asks for`}
            onClick={() => onPreview({ kind: 'update', names: [row.id] })}
          >
            Update {row.id}…
          </button>
          {canPin(row) && (
            <button
              type="button"
              aria-expanded={picking}
              onClick={() => setPicking((on) => !on)}
              disabled={blocked !== null && !picking}
            >
              {picking ? 'Hide versions' : 'Choose version…'}
            </button>
          )}
        </div>
      )}
      {canUpdate(row) && !canPin(row) && hasVersions(row) && row.depth > 0 && (
        <p className="muted small">
          Only the flake&apos;s own inputs can be pinned. To choose this one&apos;s version, make it
          follow one of yours in flake.nix.
        </p>
      )}
      {canUpdate(row) && !hasVersions(row) && (
        <p className="muted small">
          A {row.type ?? 'non-git'} input has no branches or tags to choose from; update moves it to
          what its url gives now.
        </p>
      )}
      {picking && canPin(row) && (
        <VersionPicker
          repo={repo}
          name={row.id}
          blocked={blocked}
          lockedRev={row.lockedRev}
          onPreview={(target) => onPreview({ kind: 'pin', name: row.id, target })}
        />
      )}
    </div>
  )
}
