import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef } from 'react'
import type { PackageChange } from '../../../shared/generations/types'
import { describeVersions, formatBytesDelta } from '../../../shared/generations/format'
import { kindLabels } from './change-filter'

const rowHeight = 30

function sizeClass(delta: number): string {
  if (delta > 0) return 'gen-change-size gen-grew'
  if (delta < 0) return 'gen-change-size gen-shrank'
  return 'gen-change-size'
}

/** A predicted change (`sure` false) that only a build can confirm; a built comparison has none. */
function isGuess(change: PackageChange): boolean {
  return (change as PackageChange & { sure?: boolean }).sure === false
}

/**
 * The packages of a comparison as a table that only renders the rows in view, so thousands of
 * changes scroll without lag. A prediction (nothing built yet) knows no sizes: `sizes` false
 * shows a dash there instead of a made-up 0 B; its lines that are a guess until built get a "?".
 */
export function ChangeList({
  changes,
  sizes = true,
}: {
  changes: readonly PackageChange[]
  sizes?: boolean
}) {
  const scroller = useRef<HTMLDivElement>(null)
  // TanStack Virtual keeps its own state outside React; the list re-renders on each scroll.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: changes.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  })
  return (
    <div
      className="gen-change-table"
      role="table"
      aria-label="Package changes"
      aria-rowcount={changes.length + 1}
    >
      <div className="gen-change-row gen-change-head" role="row" aria-rowindex={1}>
        <span role="columnheader">Change</span>
        <span role="columnheader">Package</span>
        <span role="columnheader">Version</span>
        <span role="columnheader" className="gen-change-size">
          Size
        </span>
      </div>
      <div className="gen-change-scroll" ref={scroller} data-testid="change-scroll">
        <div className="gen-change-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const change = changes[item.index]!
            const outputs = change.outputs.filter((o) => o !== 'out')
            return (
              <div
                key={change.name}
                className={`gen-change-row gen-change-${change.kind}`}
                role="row"
                aria-rowindex={item.index + 2}
                data-testid="change-row"
                style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}
              >
                <span role="cell">
                  <span className={`gen-kind-badge gen-kind-${change.kind}`}>
                    {kindLabels[change.kind]}
                  </span>
                </span>
                <span
                  role="cell"
                  className="gen-change-name"
                  title={
                    change.selected
                      ? `${change.name}: you chose this package (it is in the system's packages)`
                      : `${change.name}: a dependency`
                  }
                >
                  {change.selected ? (
                    <span className="gen-chosen-mark" aria-label="chosen">
                      ★
                    </span>
                  ) : (
                    <span className="gen-dep-mark" aria-hidden="true">
                      ·
                    </span>
                  )}
                  <span className="gen-change-name-text">{change.name}</span>
                  {isGuess(change) && (
                    <span
                      className="gen-guess-mark"
                      aria-label="a guess until built"
                      title="Not built yet: whether this stays in the system only its build will tell"
                    >
                      ?
                    </span>
                  )}
                  {outputs.length > 0 && (
                    <span className="gen-change-outputs">{outputs.join(' ')}</span>
                  )}
                </span>
                <span role="cell" className="gen-change-versions" title={describeVersions(change)}>
                  {describeVersions(change)}
                </span>
                {sizes ? (
                  <span
                    role="cell"
                    className={sizeClass(change.sizeDelta)}
                    title={`${change.oldPathCount} → ${change.newPathCount} store paths`}
                  >
                    {formatBytesDelta(change.sizeDelta)}
                  </span>
                ) : (
                  <span role="cell" className="gen-change-size" title="Known once it is built">
                    –
                  </span>
                )}
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}
