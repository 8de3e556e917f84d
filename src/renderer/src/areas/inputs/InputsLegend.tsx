import type { ReactNode } from 'react'

/** What the tree's marks mean, with the stale threshold's control beside its entry. */
export function InputsLegend({ staleDays, children }: { staleDays: number; children?: ReactNode }) {
  return (
    <footer className="inputs-legend-bar">
      <ul className="inputs-legend" aria-label="Legend">
        <li>
          <span className="stale-mark" aria-hidden="true">
            ●
          </span>
          stale: locked more than {staleDays} days ago, and not at its branch&apos;s newest commit
        </li>
        <li>
          <span className="dup-mark dup-0" aria-hidden="true">
            ◆
          </span>
          duplicate: same repository at another revision too
        </li>
        <li>
          <span className="follows-mark" aria-hidden="true">
            →
          </span>
          follows another input
        </li>
      </ul>
      {children}
    </footer>
  )
}
