import { useState } from 'react'
import type { PinTarget } from '../../../../shared/lockfile/flake-ref'
import { lockDate } from '../../../../shared/lockfile/lock-diff'
import type { VersionChoices } from '../../../../shared/lockfile/schemas'
import { ErrorNotice } from '../../components/ErrorNotice'
import { tagsNewestFirst } from './input-tree-view'
import { useVersionChoices } from './useVersionChoices'
import {
  choiceKey,
  choiceRev,
  matchesFilter,
  pinTarget,
  pinTargetLabel,
  type VersionChoice,
} from './version-choice'

type Tab = 'commits' | 'branches' | 'tags'

interface Props {
  repo: string
  name: string
  blocked: string | null
  /**
   * The revision flake.lock holds now, from the overview: it follows a pin made while the
   * picker is open, where the list's own answer still names the revision before.
   */
  lockedRev?: string | null
  onPreview(target: PinTarget): void
}

function choicesFor(tab: Tab, choices: VersionChoices): VersionChoice[] {
  switch (tab) {
    case 'commits':
      return choices.recentCommits.map((commit) => ({
        kind: 'commit',
        commit,
        branch: choices.trackedBranch,
      }))
    case 'branches':
      return choices.branches.map((b) => ({ kind: 'branch', name: b.name, rev: b.rev }))
    case 'tags':
      return tagsNewestFirst(choices.tags).map((t) => ({ kind: 'tag', name: t.name, rev: t.rev }))
  }
}

/** Branches, tags and recent commits of an input's repository, to pin the input to one. */
export function VersionPicker({ repo, name, blocked, lockedRev, onPreview }: Props) {
  const { choices, error, loading } = useVersionChoices(repo, name)
  const [tab, setTab] = useState<Tab>('commits')
  const [filter, setFilter] = useState('')
  const [picked, setPicked] = useState<VersionChoice | null>(null)

  if (loading) {
    return (
      <section className="version-picker" aria-label="Versions" aria-busy="true">
        <p className="loading-line">
          <span className="spinner" aria-hidden="true" /> Listing branches, tags and commits…
        </p>
        <p className="muted small">
          The first look at a repository fetches its history into Flakedeck&apos;s cache; that can
          take a while for a large one.
        </p>
      </section>
    )
  }
  if (error || !choices) {
    return (
      <section className="version-picker" aria-label="Versions">
        {error && <ErrorNotice error={error} />}
      </section>
    )
  }

  const counts: Record<Tab, number> = {
    commits: choices.recentCommits.length,
    branches: choices.branches.length,
    tags: choices.tags.length,
  }
  const labels: Record<Tab, string> = {
    commits: choices.trackedBranch ? `Commits on ${choices.trackedBranch}` : 'Recent commits',
    branches: 'Branches',
    tags: 'Tags',
  }
  const list = choicesFor(tab, choices).filter((c) => matchesFilter(c, filter))
  const nowLocked = lockedRev ?? choices.lockedRev
  // Tags by the commit they point to, shown beside that commit.
  const tagsAt = new Map<string, string[]>()
  for (const t of choices.tags) tagsAt.set(t.rev, [...(tagsAt.get(t.rev) ?? []), t.name])
  const pickedKey = picked ? choiceKey(picked) : null

  return (
    <section className="version-picker" aria-label="Versions">
      <div className="segmented version-tabs" role="tablist" aria-label="Kind of version">
        {(['commits', 'branches', 'tags'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={tab === t ? 'active' : ''}
            onClick={() => setTab(t)}
          >
            {labels[t]} <span className="badge">{counts[t]}</span>
          </button>
        ))}
      </div>
      <input
        type="text"
        className="version-filter"
        placeholder={tab === 'commits' ? 'Filter by subject or revision' : 'Filter by name'}
        aria-label="Filter versions"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <div className="version-list" role="radiogroup" aria-label={labels[tab]}>
        {list.length === 0 && (
          <p className="muted panel-empty">
            {filter ? 'Nothing matches the filter.' : `No ${labels[tab].toLowerCase()}.`}
          </p>
        )}
        {list.map((choice) => {
          const key = choiceKey(choice)
          const rev = choiceRev(choice)
          const locked = rev === nowLocked
          const tagNames = choice.kind === 'commit' ? (tagsAt.get(rev) ?? []) : []
          const current =
            choice.kind !== 'commit' &&
            choices.currentRef !== null &&
            [choice.name, `refs/heads/${choice.name}`, `refs/tags/${choice.name}`].includes(
              choices.currentRef,
            )
          return (
            <label key={key} className={`version-option${pickedKey === key ? ' picked' : ''}`}>
              <input
                type="radio"
                name={`version-${name}`}
                value={key}
                checked={pickedKey === key}
                onChange={() => setPicked(choice)}
              />
              <span className="version-main">
                {choice.kind === 'commit' ? (
                  <span className="version-subject">{choice.commit.subject}</span>
                ) : (
                  <span className="version-name">{choice.name}</span>
                )}
                <span className="version-meta">
                  <code>{rev.slice(0, 7)}</code>
                  {choice.kind === 'commit' && (
                    <>
                      {' '}
                      · {lockDate(choice.commit.date)} · {choice.commit.author}
                    </>
                  )}
                </span>
              </span>
              {tagNames.map((t) => (
                <span key={t} className="tag tag-muted" title={`Tag ${t} points at this commit`}>
                  {t}
                </span>
              ))}
              {locked && <span className="tag tag-accent">locked</span>}
              {current && <span className="tag tag-muted">asked for</span>}
            </label>
          )
        })}
      </div>
      <div className="side-actions">
        <button
          type="button"
          className="primary"
          disabled={!picked || blocked !== null}
          title={blocked ?? undefined}
          onClick={() => picked && onPreview(pinTarget(picked))}
        >
          {picked ? `Preview pin to ${pinTargetLabel(pinTarget(picked))}` : 'Pick a version'}
        </button>
      </div>
    </section>
  )
}
