import { useRef, useState, type KeyboardEvent } from 'react'
import {
  followsText,
  type DuplicateGroup,
  type InputRow,
} from '../../../../shared/lockfile/input-tree'
import { lockDate } from '../../../../shared/lockfile/lock-diff'
import { formatAge } from '../../../../shared/lockfile/input-age'
import {
  canUpdate,
  duplicateIndex,
  parentId,
  refKind,
  refLabel,
  visibleRows,
} from './input-tree-view'

interface Props {
  rows: InputRow[]
  duplicates: DuplicateGroup[]
  staleDays: number
  /** The rows marked stale (useStaleInputs: old, and not at upstream's newest commit). */
  stale: ReadonlySet<string>
  undeclared: readonly string[]
  selectedId: string | null
  checked: ReadonlySet<string>
  onSelect(id: string): void
  onToggleChecked(ids: string[], on: boolean): void
}

/**
 * The inputs as a tree grid: arrow keys move between rows, ←/→ fold and unfold, Space ticks a
 * row for "Update selected", Enter (or a click) shows its details beside the tree.
 */
export function InputsTree(props: Props) {
  const { rows, duplicates, staleDays, selectedId, checked } = props
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set())
  const [focusedId, setFocusedId] = useState<string | null>(null)
  const rowElements = useRef(new Map<string, HTMLTableRowElement>())
  const shown = visibleRows(rows, collapsed)
  const groupIndex = duplicateIndex(duplicates)
  const focusId =
    [focusedId, selectedId].find((id) => id !== null && shown.some((r) => r.id === id)) ??
    shown[0]?.id ??
    null
  const topLevel = rows.filter((row) => row.depth === 0 && canUpdate(row))
  const allTicked = topLevel.length > 0 && topLevel.every((row) => checked.has(row.id))

  const hasChildren = (row: InputRow) => row.follows === null && row.childCount > 0
  const setFolded = (id: string, fold: boolean) =>
    setCollapsed((current) => {
      const next = new Set(current)
      if (fold) next.add(id)
      else next.delete(id)
      return next
    })
  const focusRow = (id: string) => {
    setFocusedId(id)
    rowElements.current.get(id)?.focus()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const target = event.target as HTMLElement
    // From a row, or a control inside one (a clicked checkbox keeps focus): that row.
    const fromId = target.closest<HTMLElement>('tr[data-input]')?.dataset.input ?? focusId
    const onControl = target.tagName !== 'TR'
    if (onControl && (event.key === ' ' || event.key === 'Enter')) return
    const index = shown.findIndex((row) => row.id === fromId)
    const row = shown[index]
    if (!row) return
    let handled = true
    switch (event.key) {
      case 'ArrowDown':
        if (shown[index + 1]) focusRow(shown[index + 1]!.id)
        break
      case 'ArrowUp':
        if (index > 0) focusRow(shown[index - 1]!.id)
        break
      case 'Home':
        focusRow(shown[0]!.id)
        break
      case 'End':
        focusRow(shown[shown.length - 1]!.id)
        break
      case 'ArrowRight':
        if (hasChildren(row) && collapsed.has(row.id)) setFolded(row.id, false)
        else if (hasChildren(row) && shown[index + 1]) focusRow(shown[index + 1]!.id)
        break
      case 'ArrowLeft': {
        const parent = parentId(row)
        if (hasChildren(row) && !collapsed.has(row.id)) setFolded(row.id, true)
        else if (parent) focusRow(parent)
        break
      }
      case ' ':
        if (canUpdate(row)) props.onToggleChecked([row.id], !checked.has(row.id))
        break
      case 'Enter':
        props.onSelect(row.id)
        break
      default:
        handled = false
    }
    if (handled) event.preventDefault()
  }

  return (
    <table className="inputs-tree" role="treegrid" aria-label="Inputs">
      <thead>
        <tr>
          <th className="col-check">
            <input
              type="checkbox"
              aria-label="Select all of the flake's own inputs"
              checked={allTicked}
              disabled={topLevel.length === 0}
              onChange={(e) =>
                props.onToggleChecked(
                  topLevel.map((row) => row.id),
                  e.target.checked,
                )
              }
            />
          </th>
          <th>Input</th>
          <th>Type</th>
          <th>Ref</th>
          <th>Revision</th>
          <th>Locked</th>
          <th>Age</th>
          <th>Follows</th>
        </tr>
      </thead>
      <tbody onKeyDown={onKeyDown}>
        {shown.map((row) => {
          const stale = props.stale.has(row.id)
          const group =
            row.duplicateGroup === null ? null : (groupIndex.get(row.duplicateGroup) ?? 0)
          const follows = row.follows !== null
          const undeclared = row.depth === 0 && props.undeclared.includes(row.name)
          const folded = collapsed.has(row.id)
          const classes = [
            'input-row',
            row.id === selectedId ? 'selected' : '',
            stale ? 'is-stale' : '',
            group !== null ? 'is-duplicate' : '',
            follows ? 'is-follows' : '',
          ]
          return (
            <tr
              key={row.id}
              ref={(el) => {
                if (el) rowElements.current.set(row.id, el)
                else rowElements.current.delete(row.id)
              }}
              className={classes.filter(Boolean).join(' ')}
              role="row"
              aria-level={row.depth + 1}
              aria-expanded={hasChildren(row) ? !folded : undefined}
              aria-selected={row.id === selectedId}
              tabIndex={row.id === focusId ? 0 : -1}
              data-input={row.id}
              onClick={() => {
                setFocusedId(row.id)
                props.onSelect(row.id)
              }}
            >
              <td className="col-check">
                {canUpdate(row) && (
                  <input
                    type="checkbox"
                    tabIndex={-1}
                    aria-label={`Include ${row.id} in the update`}
                    checked={checked.has(row.id)}
                    onClick={(e) => e.stopPropagation()}
                    onChange={(e) => props.onToggleChecked([row.id], e.target.checked)}
                  />
                )}
              </td>
              <td className="col-name">
                <span className="input-name" style={{ paddingLeft: `${row.depth * 18}px` }}>
                  {hasChildren(row) ? (
                    <button
                      type="button"
                      className="twisty"
                      tabIndex={-1}
                      aria-hidden="true"
                      onClick={(e) => {
                        e.stopPropagation()
                        setFolded(row.id, !folded)
                      }}
                    >
                      {folded ? '▸' : '▾'}
                    </button>
                  ) : (
                    <span className="twisty" aria-hidden="true" />
                  )}
                  <span className="input-label">{row.name}</span>
                  {!row.isFlake && !follows && <span className="tag tag-muted">non-flake</span>}
                  {undeclared && <span className="tag tag-danger">not in flake.nix</span>}
                  {row.problem && (
                    <span className="tag tag-danger" title={row.problem}>
                      unreadable
                    </span>
                  )}
                </span>
              </td>
              <td className="col-type">{row.type ?? ''}</td>
              <td className="col-ref" title={`Asks for ${refKind(row)}`}>
                {refLabel(row) || <span className="muted">default</span>}
              </td>
              <td className="col-rev">
                <code title={row.lockedRev ?? undefined}>{row.shortRev ?? '—'}</code>
                {group !== null && !follows && (
                  <span
                    className={`dup-mark dup-${group % 4}`}
                    title={`Duplicate: ${row.duplicateGroup} is also locked at another revision`}
                  >
                    ◆<span className="visually-hidden"> duplicate</span>
                  </span>
                )}
              </td>
              <td className="col-date">{lockDate(row.lastModified) ?? ''}</td>
              <td
                className="col-age"
                title={stale ? `Locked more than ${staleDays} days ago` : undefined}
              >
                {stale && (
                  <span className="stale-mark" aria-hidden="true">
                    ●
                  </span>
                )}
                {formatAge(row.ageDays)}
                {stale && <span className="visually-hidden"> (stale)</span>}
              </td>
              <td className="col-follows">
                {row.follows !== null ? `→ ${followsText(row.follows)}` : ''}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
