import { useCallback, useEffect, useMemo, useState } from 'react'
import type { AppStatus, RepoInfo } from '../../../../shared/contract'
import type { DeleteResult, Generation } from '../../../../shared/generations/types'
import type { KnownProfiles } from '../../../../shared/generations/care-types'
import { formatBytes, formatCount } from '../../../../shared/generations/format'
import { requestShowArea } from '../../app/navigation'
import { call, errorData } from '../../api/client'
import { ErrorNotice } from '../../components/ErrorNotice'
import { BootPanel } from './BootPanel'
import { CleanupDialog } from './CleanupDialog'
import { ComparisonPanel } from './ComparisonPanel'
import { DeleteDialog } from './DeleteDialog'
import {
  chartSeries,
  isUsable,
  previousGeneration,
  switchMode,
  validPair,
  type Pair,
} from './generations-view'
import { PinDialog } from './PinDialog'
import { ProfileDialog } from './ProfileDialog'
import { ProfileSwitcher } from './ProfileSwitcher'
import { SizeChart } from './SizeChart'
import { SwitchDialog } from './SwitchDialog'
import { Timeline } from './Timeline'
import { useCommitSubjects } from './useCommitSubjects'
import { useComparison, useTimeline } from './useGenerations'

interface Props {
  status: AppStatus
  repo: RepoInfo
}

type Dialog =
  | { kind: 'profile' }
  | { kind: 'addProfile' }
  | { kind: 'switch'; target: Generation }
  | { kind: 'delete' }
  | { kind: 'pin'; target: Generation }
  | { kind: 'cleanup' }
  | null

function deleteSummary(result: DeleteResult): string {
  const parts = [
    result.deleted.length > 0
      ? `Deleted ${result.deleted.length} generation${result.deleted.length === 1 ? '' : 's'}.`
      : 'No generation was deleted.',
  ]
  if (result.gc) {
    parts.push(
      `Garbage collection freed ${formatBytes(result.gc.bytesFreed)} (${formatCount(result.gc.pathsDeleted)} store paths).`,
    )
  }
  return parts.join(' ')
}

/** The Generations area: the profile's timeline, a size chart, and the comparison of two. */
export function GenerationsArea({ status, repo }: Props) {
  const { timeline, error, loading, round, readAt, profilePath, rebuildMode, reload, setProfile } =
    useTimeline()
  const [chosen, setChosen] = useState<Pair | null>(null)
  const [checked, setChecked] = useState<ReadonlySet<number>>(new Set())
  const [dialog, setDialog] = useState<Dialog>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [tab, setTab] = useState<'packages' | 'config'>('packages')
  // Relative dates count from when the timeline was read.
  const now = readAt
  const [profiles, setProfiles] = useState<KnownProfiles | null>(null)
  useEffect(() => {
    let live = true
    // The switcher is a convenience: without it the area still shows the viewed profile.
    call('generations.profiles', {}).then(
      (answer) => live && setProfiles(answer),
      () => live && setProfiles(null),
    )
    return () => {
      live = false
    }
  }, [round])
  const viewProfile = (path: string) => {
    void setProfile(path)
    setChosen(null)
    setChecked(new Set())
  }

  const validated = timeline ? validPair(timeline, chosen) : null
  const pairFrom = validated?.from ?? null
  const pairTo = validated?.to ?? null
  const pair = useMemo(
    () => (pairFrom !== null && pairTo !== null ? { from: pairFrom, to: pairTo } : null),
    [pairFrom, pairTo],
  )
  const comparison = useComparison(pair, round)
  const subjectOf = useCommitSubjects(repo.path, round)
  const series = useMemo(() => (timeline ? chartSeries(timeline) : null), [timeline])
  const generationOf = (n: number | null) =>
    n === null ? null : (timeline?.generations.find((g) => g.number === n) ?? null)

  const pick = useCallback(
    (side: 'from' | 'to', number: number) => {
      if (!timeline) return
      const base = validPair(timeline, chosen) ?? { from: number, to: number }
      let next = side === 'from' ? { ...base, from: number } : { ...base, to: number }
      if (next.from === next.to) {
        // Picking the other side's generation swaps them.
        next = side === 'from' ? { from: number, to: base.from } : { from: base.to, to: number }
      }
      setChosen(next)
    },
    [timeline, chosen],
  )
  const compareWithPrevious = useCallback(
    (number: number) => {
      if (!timeline) return
      const previous = previousGeneration(timeline, number)
      if (previous) setChosen({ from: previous.number, to: number })
    },
    [timeline],
  )

  const mode = timeline ? switchMode(timeline, rebuildMode) : 'profile'
  const current = timeline?.generations.find((g) => g.current) ?? null
  const rollbackTarget = timeline && current ? previousGeneration(timeline, current.number) : null
  const usableCount = timeline?.generations.filter(isUsable).length ?? 0
  const checkedList = [...checked].sort((a, b) => a - b)

  return (
    <section className="area gen-area" aria-labelledby="generations-title">
      <header className="gen-header">
        <h1 id="generations-title">Generations</h1>
        <button
          type="button"
          className="gen-profile"
          title="Change the profile this area shows"
          onClick={() => setDialog({ kind: 'profile' })}
        >
          <span className="muted">Profile</span>{' '}
          <code data-testid="profile-path">{timeline?.profilePath ?? profilePath ?? '…'}</code>{' '}
          <span className="gen-profile-change">Change…</span>
        </button>
        {loading && (
          <span className="gen-loading-inline muted" role="status">
            <span className="spinner" aria-hidden="true" />{' '}
            {timeline
              ? 'Refreshing…'
              : 'Reading the generations… (the first time, nix reads every closure)'}
          </span>
        )}
        <span className="status-spacer" />
        {rollbackTarget && (
          <button
            type="button"
            title={
              mode === 'nixos'
                ? `Switch the system back to generation ${rollbackTarget.number}`
                : `Point the profile back at generation ${rollbackTarget.number}`
            }
            onClick={() => setDialog({ kind: 'switch', target: rollbackTarget })}
          >
            Roll back to #{rollbackTarget.number}…
          </button>
        )}
        {timeline && (
          <button
            type="button"
            title="Keep the newest N and the recent generations, and see what a clean-up frees before it runs"
            onClick={() => setDialog({ kind: 'cleanup' })}
          >
            Clean up…
          </button>
        )}
        {timeline && (
          <button type="button" onClick={() => setDialog({ kind: 'delete' })}>
            Delete…{checked.size > 0 ? ` (${checked.size})` : ''}
          </button>
        )}
        <button type="button" className="ghost" onClick={reload} title="Read the profile again">
          ↻ Refresh
        </button>
      </header>

      <ProfileSwitcher
        profiles={profiles}
        onView={viewProfile}
        onAdd={() => setDialog({ kind: 'addProfile' })}
        onRemove={(path) => {
          call('generations.removeProfile', { path }).then(setProfiles, (e: unknown) =>
            setNotice(errorData(e).message),
          )
        }}
      />
      {profiles?.profiles.some((p) => p.kind === 'system' && p.path === profiles.viewed) && (
        <BootPanel round={round} />
      )}
      {notice && (
        <div className="notice notice-success compact" role="status">
          <div className="notice-body">{notice}</div>
          <button
            type="button"
            className="ghost"
            aria-label="Dismiss"
            onClick={() => setNotice(null)}
          >
            ×
          </button>
        </div>
      )}
      {timeline?.orphanPins && timeline.orphanPins.length > 0 && (
        <div className="notice notice-warning compact" role="note" data-testid="orphan-pins">
          <div className="notice-body">
            Pinned generations no longer in this profile still keep their store paths:{' '}
            {timeline.orphanPins.map((pin) => (
              <span key={pin.number} className="gen-orphan-pin">
                #{pin.number} “{pin.label}”{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    call('generations.unpin', { number: pin.number }).then(reload, (e: unknown) =>
                      setNotice(errorData(e).message),
                    )
                  }}
                >
                  Unpin #{pin.number}
                </button>{' '}
              </span>
            ))}
          </div>
        </div>
      )}
      {mode === 'nixos' && (
        <p className="gen-mode-note muted">
          A NixOS system: switching to a generation activates it as root (its
          switch-to-configuration), in the Rebuild area&apos;s terminal, where sudo can ask for your
          password.
        </p>
      )}

      {error && !loading && (
        <div className="gen-error">
          <ErrorNotice error={error} />
          <div className="row">
            <button
              type="button"
              className="primary"
              onClick={() => setDialog({ kind: 'profile' })}
            >
              Choose another profile…
            </button>
            <button type="button" onClick={reload}>
              Try again
            </button>
          </div>
        </div>
      )}

      {!timeline && loading && (
        <div className="gen-skeleton" aria-hidden="true">
          <div className="gen-skeleton-block" />
          <div className="gen-skeleton-block" />
        </div>
      )}

      {timeline && series && (
        <>
          {timeline.closureProblem && (
            <div className="notice notice-warning compact" role="alert">
              <div className="notice-body">
                <strong>Closure sizes are missing: {timeline.closureProblem.message}</strong>
                {timeline.closureProblem.hint && (
                  <p className="notice-hint">{timeline.closureProblem.hint}</p>
                )}
              </div>
            </div>
          )}
          <SizeChart
            series={series}
            from={pair?.from ?? null}
            to={pair?.to ?? null}
            onPick={compareWithPrevious}
          />
          <div className="gen-body">
            <div className="gen-timeline">
              <div className="panel-header">
                Timeline
                <span className="badge">{timeline.generations.length}</span>
                <span className="panel-actions muted">
                  {timeline.generations.length - usableCount > 0
                    ? `${timeline.generations.length - usableCount} unusable`
                    : ''}
                </span>
              </div>
              <Timeline
                generations={timeline.generations}
                pair={pair}
                checked={checked}
                canSwitch
                now={now}
                onPickFrom={(n) => pick('from', n)}
                onPickTo={(n) => pick('to', n)}
                onToggleChecked={(n, on) =>
                  setChecked((set) => {
                    const next = new Set(set)
                    if (on) next.add(n)
                    else next.delete(n)
                    return next
                  })
                }
                onSwitch={(target) => setDialog({ kind: 'switch', target })}
                onPin={(target) => setDialog({ kind: 'pin', target })}
                onUnpin={(target) => {
                  call('generations.unpin', { number: target.number }).then(
                    () => {
                      setNotice(`Generation ${target.number} is no longer pinned.`)
                      reload()
                    },
                    (e: unknown) => setNotice(errorData(e).message),
                  )
                }}
                subjectOf={subjectOf}
                onShowRevision={(g) => {
                  compareWithPrevious(g.number)
                  setTab('config')
                }}
              />
            </div>
            <ComparisonPanel
              repo={repo}
              pair={pair}
              from={generationOf(pair?.from ?? null)}
              to={generationOf(pair?.to ?? null)}
              comparison={comparison.comparison}
              loading={comparison.loading}
              error={comparison.error}
              usableCount={usableCount}
              tab={tab}
              onTab={setTab}
              onSwap={() => pair && setChosen({ from: pair.to, to: pair.from })}
            />
          </div>
        </>
      )}
      {status.nix.problem && !timeline?.closureProblem && (
        <p className="muted gen-mode-note">{status.nix.problem.message}</p>
      )}

      {dialog?.kind === 'profile' && (
        <ProfileDialog
          current={profilePath}
          onSave={async (path) => {
            await setProfile(path)
            setChosen(null)
            setChecked(new Set())
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'switch' && timeline && (
        <SwitchDialog
          timeline={timeline}
          target={dialog.target}
          round={round}
          repo={repo.path}
          nixos={mode === 'nixos'}
          onClose={(outcome) => {
            setDialog(null)
            if (outcome?.kind === 'profile') {
              setNotice(`The profile now points at generation ${dialog.target.number}.`)
              reload()
            } else if (outcome?.kind === 'run') {
              // The run, and sudo's password prompt, are in the Rebuild area's terminal.
              requestShowArea('rebuild')
            }
          }}
        />
      )}
      {dialog?.kind === 'addProfile' && (
        <ProfileDialog
          current={null}
          onSave={async (path) => {
            // Refused (with the reason, shown in the dialog) when it has no generations.
            const answer = await call('generations.addProfile', { path, view: true })
            setProfiles(answer)
            viewProfile(answer.viewed)
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'pin' && (
        <PinDialog
          generation={dialog.target}
          onClose={(pinned) => {
            setDialog(null)
            if (pinned) {
              setNotice(`Generation ${dialog.target.number} is pinned.`)
              reload()
            }
          }}
        />
      )}
      {dialog?.kind === 'cleanup' && timeline && (
        <CleanupDialog
          profilePath={timeline.profilePath}
          onClose={(result) => {
            setDialog(null)
            if (result) {
              setNotice(
                `Deleted ${result.deleted.length} generation${result.deleted.length === 1 ? '' : 's'}; nix freed ${formatBytes(result.gc.bytesFreed)}.`,
              )
              setChecked(new Set())
              reload()
            }
          }}
        />
      )}
      {dialog?.kind === 'delete' && timeline && (
        <DeleteDialog
          timeline={timeline}
          checked={checkedList}
          now={now}
          onClose={(result) => {
            setDialog(null)
            if (result) {
              setNotice(deleteSummary(result))
              setChecked(new Set())
              reload()
            }
          }}
        />
      )}
    </section>
  )
}
