import { useMemo, useState } from 'react'
import type { AppStatus, RepoInfo } from '../../../../shared/contract'
import type { DeleteResult, Generation } from '../../../../shared/generations/types'
import { formatBytes, formatCount } from '../../../../shared/generations/format'
import { errorData } from '../../api/client'
import { requestShowArea, requestShowCommit } from '../../app/navigation'
import { ErrorNotice } from '../../components/ErrorNotice'
import { BootPanel } from './BootPanel'
import { ComparisonPanel } from './ComparisonPanel'
import { chartSeries, isUsable, previousGeneration, switchMode } from './generations-view'
import { GenerationsDialogs, type GenerationsDialog } from './GenerationsDialogs'
import { GenerationsHeader } from './GenerationsHeader'
import { ActionNotice, ClosureProblemNotice, OrphanPinsNotice } from './GenerationsNotices'
import { ProfileSwitcher } from './ProfileSwitcher'
import { SizeChart } from './SizeChart'
import { Timeline } from './Timeline'
import { useCommitSubjects } from './useCommitSubjects'
import { useUnpin } from './useGenerationActions'
import { useComparison, useTimeline } from './useGenerations'
import { usePairChoice, useTicked } from './usePairChoice'
import { useProfiles } from './useProfiles'

interface Props {
  status: AppStatus
  repo: RepoInfo
}

const generations = (n: number) => `${n} generation${n === 1 ? '' : 's'}`

function deleteSummary(result: DeleteResult): string {
  const parts = [
    result.deleted.length > 0
      ? `Deleted ${generations(result.deleted.length)}.`
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
  const { timeline, error, loading, readAt, profilePath, rebuildMode, reload, setProfile } =
    useTimeline()
  const choice = usePairChoice(timeline)
  const { pair } = choice
  const ticked = useTicked()
  const [dialog, setDialog] = useState<GenerationsDialog>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [tab, setTab] = useState<'packages' | 'config'>('packages')
  const profiles = useProfiles()
  const unpinGeneration = useUnpin()
  const comparison = useComparison(pair)
  const subjectOf = useCommitSubjects(repo.path)
  const series = useMemo(() => (timeline ? chartSeries(timeline) : null), [timeline])
  // Relative dates count from when the timeline was read.
  const now = readAt

  const generationOf = (n: number | null) =>
    n === null ? null : (timeline?.generations.find((g) => g.number === n) ?? null)
  const showProfile = async (path: string) => {
    await setProfile(path)
    choice.reset()
    ticked.clear()
  }
  const failed = (e: unknown) => setNotice(errorData(e).message)
  const unpin = (number: number) =>
    unpinGeneration(number).then(
      () => setNotice(`Generation ${number} is no longer pinned.`),
      failed,
    )
  const afterCare = (text: string) => {
    setNotice(text)
    ticked.clear()
  }

  const mode = timeline ? switchMode(timeline, rebuildMode) : 'profile'
  const current = timeline?.generations.find((g) => g.current) ?? null
  const rollbackTarget = timeline && current ? previousGeneration(timeline, current.number) : null
  const usableCount = timeline?.generations.filter(isUsable).length ?? 0

  return (
    <section className="area gen-area" aria-labelledby="generations-title">
      <GenerationsHeader
        profilePath={timeline?.profilePath ?? profilePath}
        loading={loading}
        shown={timeline !== null}
        mode={mode}
        rollbackTarget={rollbackTarget}
        tickedCount={ticked.ticked.size}
        onChangeProfile={() => setDialog({ kind: 'profile' })}
        onRollback={(target) => setDialog({ kind: 'switch', target })}
        onCleanup={() => setDialog({ kind: 'cleanup' })}
        onDelete={() => setDialog({ kind: 'delete' })}
        onRefresh={reload}
      />
      <ProfileSwitcher
        profiles={profiles.profiles}
        onView={(path) => void showProfile(path)}
        onAdd={() => setDialog({ kind: 'addProfile' })}
        onRemove={(path) => profiles.remove(path).catch(failed)}
      />
      {profiles.profiles?.profiles.some(
        (p) => p.kind === 'system' && p.path === profiles.profiles?.viewed,
      ) && <BootPanel />}
      {notice && <ActionNotice text={notice} onDismiss={() => setNotice(null)} />}
      {timeline?.orphanPins && (
        <OrphanPinsNotice pins={timeline.orphanPins} onUnpin={(n) => void unpin(n)} />
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
          {timeline.closureProblem && <ClosureProblemNotice problem={timeline.closureProblem} />}
          <SizeChart
            series={series}
            from={pair?.from ?? null}
            to={pair?.to ?? null}
            onPick={choice.compareWithPrevious}
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
                checked={ticked.ticked}
                canSwitch
                now={now}
                onPickFrom={(n) => choice.pick('from', n)}
                onPickTo={(n) => choice.pick('to', n)}
                onToggleChecked={ticked.toggle}
                onSwitch={(target) => setDialog({ kind: 'switch', target })}
                onPin={(target) => setDialog({ kind: 'pin', target })}
                onUnpin={(target) => void unpin(target.number)}
                subjectOf={subjectOf}
                onShowCommit={(hash) => {
                  requestShowCommit({ repo: repo.path, hash })
                  requestShowArea('files')
                }}
                onShowRevision={(g) => {
                  choice.compareWithPrevious(g.number)
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
              onSwap={choice.swap}
            />
          </div>
        </>
      )}
      {status.nix.problem && !timeline?.closureProblem && (
        <p className="muted gen-mode-note">{status.nix.problem.message}</p>
      )}

      <GenerationsDialogs
        dialog={dialog}
        timeline={timeline}
        repo={repo}
        profilePath={profilePath}
        nixos={mode === 'nixos'}
        ticked={ticked.sorted}
        now={now}
        onClose={() => setDialog(null)}
        onProfile={showProfile}
        onAddProfile={async (path) => {
          // Refused (with the reason, shown in the dialog) when it has no generations.
          await showProfile(await profiles.add(path))
        }}
        onSwitched={(target: Generation, outcome) => {
          if (outcome.kind === 'profile') {
            setNotice(`The profile now points at generation ${target.number}.`)
          } else {
            // The run, and sudo's password prompt, are in the Rebuild area's terminal.
            requestShowArea('rebuild')
          }
        }}
        onPinned={(target) => setNotice(`Generation ${target.number} is pinned.`)}
        onDeleted={(result) => afterCare(deleteSummary(result))}
        onCleanedUp={(result) =>
          afterCare(
            `Deleted ${generations(result.deleted.length)}; nix freed ${formatBytes(result.gc.bytesFreed)}.`,
          )
        }
      />
    </section>
  )
}
