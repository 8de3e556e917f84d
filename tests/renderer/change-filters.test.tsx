// The one filter bar of the Generations comparison and the Inputs prediction: the same chips,
// "chosen only" and same-version toggle in both, sorting only where sizes are known.
import { act, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { PackageChange } from '../../src/shared/generations/types'
import { ChangeFilters } from '../../src/renderer/src/components/ChangeFilters'
import { emptyFilter, type ChangeFilter } from '../../src/renderer/src/components/change-filter'
import { useChangeFilter } from '../../src/renderer/src/components/useChangeFilter'

const change = (name: string, kind: PackageChange['kind']): PackageChange =>
  ({
    name,
    kind,
    selected: false,
    oldVersions: ['1'],
    newVersions: ['2'],
    sizeDelta: 0,
  }) as PackageChange

function Bar({
  changes,
  initial,
  sortable,
}: {
  changes: PackageChange[]
  initial: ChangeFilter
  sortable: boolean
}) {
  const { filter, setFilter, shown, counts } = useChangeFilter(changes, initial)
  return (
    <>
      <ChangeFilters
        filter={filter}
        onChange={setFilter}
        counts={counts}
        label="Filter"
        searchLabel="Search packages"
        sortable={sortable}
      />
      <p data-testid="shown">{shown.map((c) => c.name).join(',')}</p>
    </>
  )
}

const shown = () => screen.getByTestId('shown').textContent

describe('the change filter bar', () => {
  const changes = [change('hello', 'upgraded'), change('glibc', 'changed')]

  it('hides same-version rebuilds when asked, and the toggle brings them back', async () => {
    render(<Bar changes={changes} initial={{ ...emptyFilter, hideSameVersion: true }} sortable />)
    expect(shown()).toBe('hello')
    const toggle = screen.getByRole('checkbox', { name: 'Same-version rebuilds (1)' })
    expect((toggle as HTMLInputElement).checked).toBe(false)
    act(() => toggle.click())
    await screen.findByText('hello,glibc')
    expect(screen.getByRole('combobox', { name: 'Sort' })).toBeTruthy()
  })

  it('offers the toggle in a prediction too (shown there to begin with), without sorting', async () => {
    render(<Bar changes={changes} initial={emptyFilter} sortable={false} />)
    expect(shown()).toBe('hello,glibc')
    const toggle = screen.getByRole('checkbox', { name: 'Same-version rebuilds (1)' })
    expect((toggle as HTMLInputElement).checked).toBe(true)
    act(() => toggle.click())
    await screen.findByText('hello')
    expect(screen.queryByRole('combobox', { name: 'Sort' })).toBeNull()
  })

  it('has no same-version toggle when there is nothing rebuilt at the same version', () => {
    render(<Bar changes={[change('hello', 'upgraded')]} initial={emptyFilter} sortable />)
    expect(screen.queryByRole('checkbox', { name: /Same-version/ })).toBeNull()
  })
})
