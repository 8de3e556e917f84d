import { useEffect, useMemo, useRef, useState } from 'react'
import type { RepoInfo, SourceDiff } from '../../../../shared/contract'
import type { Generation } from '../../../../shared/generations/types'
import { shortRevision } from '../../../../shared/generations/format'
import { followsText } from '../../../../shared/lockfile/input-tree'
import { ErrorNotice } from '../../components/ErrorNotice'
import { relativeTime } from '../../../../shared/relative-time'
import { setupMonaco } from '../../editor/monaco-setup'
import { languageForPath, type RevisionRelation } from './generations-view'
import { useSourceDiff } from './useGenerations'

/** A side of an input change: its short revision, what it follows, or ∅ where it is absent. */
function sideLabel(side: { shortRev: string | null; follows: string | null } | null): string {
  if (!side) return '∅'
  return side.shortRev ?? (side.follows !== null ? followsText(side.follows) : '∅')
}

interface Props {
  repo: RepoInfo
  from: Generation
  to: Generation
  relation: RevisionRelation
}

type FileDiff = SourceDiff['files'][number]

const statusLetter: Record<FileDiff['status'], string> = {
  added: 'A',
  deleted: 'D',
  modified: 'M',
  renamed: 'R',
}

/** Why there is no source diff to show, in words. */
function RelationNote({ relation, from, to }: Omit<Props, 'repo'>) {
  if (relation.kind === 'missing') {
    const which = relation.which.map((w) => `#${w === 'from' ? from.number : to.number}`)
    return (
      <div className="gen-empty-note">
        <p>
          {which.length === 2
            ? `Generations ${which.join(' and ')} do`
            : `Generation ${which[0]} does`}{' '}
          not record the flake revision they were built from, so their configurations cannot be
          compared here.
        </p>
        <p className="muted">
          NixOS records it when the flake sets{' '}
          <code>system.configurationRevision = self.rev or self.dirtyRev or null;</code> and builds
          from a git checkout.
        </p>
      </div>
    )
  }
  if (relation.kind === 'not-commit') {
    return (
      <div className="gen-empty-note">
        <p>
          The recorded revision <code>{relation.revision}</code> is not a commit hash (a build from
          a dirty tree?), so there is no commit to compare.
        </p>
      </div>
    )
  }
  if (relation.kind === 'same') {
    return (
      <div className="gen-empty-note">
        <p>
          Both generations were built from commit <code>{shortRevision(relation.revision)}</code>:
          the configuration did not change. The package differences come from elsewhere (a rebuild
          with other inputs or options on the command line).
        </p>
      </div>
    )
  }
  return null
}

/** The config source between the two generations' commits: changed files and flake inputs. */
export function SourceDiffPanel({ repo, from, to, relation }: Props) {
  const revisions = relation.kind === 'different' ? { from: relation.from, to: relation.to } : null
  const { diff, error, loading } = useSourceDiff(repo.path, revisions)
  const [chosen, setChosen] = useState<string | null>(null)
  const file = diff?.files.find((f) => f.path === chosen) ?? diff?.files[0] ?? null

  if (!revisions) return <RelationNote relation={relation} from={from} to={to} />
  return (
    <div className="gen-source-diff">
      <p className="gen-source-diff-caption muted">
        Configuration from commit <code>{shortRevision(revisions.from)}</code> (#{from.number}) to{' '}
        <code>{shortRevision(revisions.to)}</code> (#{to.number}) in {repo.name}.
      </p>
      {loading && (
        <div className="gen-loading" role="status">
          <span className="spinner" aria-hidden="true" /> Reading the commits…
        </div>
      )}
      {error && <ErrorNotice error={error} />}
      {diff && (
        <div className="gen-source-diff-body">
          <aside className="gen-source-diff-side">
            <h3>Files ({diff.files.length})</h3>
            {diff.files.length === 0 && <p className="muted">No file changed.</p>}
            <ul className="gen-source-files" aria-label="Changed files">
              {diff.files.map((f) => (
                <li key={f.path}>
                  <button
                    type="button"
                    className={f.path === file?.path ? 'gen-source-file active' : 'gen-source-file'}
                    aria-current={f.path === file?.path}
                    onClick={() => setChosen(f.path)}
                    title={f.oldPath ? `${f.oldPath} → ${f.path}` : f.path}
                  >
                    <span className={`tree-status status-${f.status}`}>
                      {statusLetter[f.status]}
                    </span>
                    <span className="gen-source-file-name">{f.path}</span>
                  </button>
                </li>
              ))}
            </ul>
            <h3>Flake inputs ({diff.inputChanges.length})</h3>
            {diff.inputChanges.length === 0 && <p className="muted">No input changed.</p>}
            <ul className="gen-source-inputs" aria-label="Changed inputs">
              {diff.inputChanges.map((change) => (
                <li key={change.id}>
                  <span className="gen-source-input-name">{change.id}</span>{' '}
                  <span className={`gen-input-kind gen-input-kind-${change.kind}`}>
                    {change.kind}
                  </span>
                  <div className="muted gen-source-input-revs">
                    {sideLabel(change.old)} → {sideLabel(change.new)}
                    {change.new?.lastModified
                      ? ` · locked ${relativeTime(change.new.lastModified * 1000)}`
                      : ''}
                  </div>
                </li>
              ))}
            </ul>
          </aside>
          {file ? (
            <SourceFileDiff key={file.path} file={file} />
          ) : (
            <div className="centered muted">Nothing to show.</div>
          )}
        </div>
      )}
    </div>
  )
}

/** Both sides of one file in Monaco's diff editor, read-only. */
function SourceFileDiff({ file }: { file: FileDiff }) {
  const monaco = useMemo(() => setupMonaco(), [])
  const host = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!host.current) return
    const language = languageForPath(file.path)
    const original = monaco.editor.createModel(file.oldContent ?? '', language)
    const modified = monaco.editor.createModel(file.newContent ?? '', language)
    const editor = monaco.editor.createDiffEditor(host.current, {
      theme: 'flakedeck-dark',
      automaticLayout: true,
      renderSideBySide: true,
      readOnly: true,
      originalEditable: false,
      minimap: { enabled: false },
      renderOverviewRuler: false,
      fontSize: 13,
      scrollBeyondLastLine: false,
    })
    editor.setModel({ original, modified })
    return () => {
      editor.setModel(null)
      editor.dispose()
      original.dispose()
      modified.dispose()
    }
  }, [monaco, file])
  const binary = file.oldContent === null && file.newContent === null
  return (
    <div className="gen-source-diff-editor">
      <div className="diff-caption muted">
        {file.oldPath ? `${file.oldPath} → ${file.path}` : file.path} · {file.status}
        {binary ? ' (binary or too large to show)' : ''}
      </div>
      <div className="code-editor" ref={host} data-testid="source-diff-editor" />
    </div>
  )
}
