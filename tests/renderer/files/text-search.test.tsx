// Find in files through the query layer: each pattern is its own read, so the answer to one typed
// before never shows as the answer to the pattern typed now, whatever order they come in.
import { act, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { TextSearchResult } from '../../../src/shared/contract'
import { useTextSearch } from '../../../src/renderer/src/areas/files/useTextSearch'
import { CoreRefusal, fakeCore, later, type Later } from '../fake-core'
import { renderWithData } from '../render'

const repo = '/home/me/nixos-config'

function SearchProbe({ pattern }: { pattern: string }) {
  const { result, error, searching } = useTextSearch(repo, {
    pattern,
    regex: false,
    caseSensitive: false,
  })
  return (
    <>
      <p data-testid="result">{result ? result.matches.map((m) => m.text).join(',') : 'none'}</p>
      <p data-testid="state">{searching ? 'searching' : 'done'}</p>
      {error && <p role="alert">{error.message}</p>}
    </>
  )
}

const found = (text: string): TextSearchResult => ({
  matches: [{ path: 'flake.nix', line: 1, column: 1, text }],
  truncated: false,
})

function slowSearches(): { pattern: string; answer: Later<TextSearchResult> }[] {
  const pending: { pattern: string; answer: Later<TextSearchResult> }[] = []
  fakeCore.handle('files.search', (input) => {
    const answer = later<TextSearchResult>()
    pending.push({ pattern: input.pattern, answer })
    return answer.promise
  })
  return pending
}

const text = (id: string) => screen.getByTestId(id).textContent

describe('find in files', () => {
  it('a slow answer for the pattern typed before does not show for the one typed now', async () => {
    const pending = slowSearches()
    const view = renderWithData(<SearchProbe pattern="ssh" />)
    await waitFor(() => expect(pending).toHaveLength(1))
    view.update(<SearchProbe pattern="sshd" />)
    await waitFor(() => expect(pending).toHaveLength(2))
    expect(pending.map((p) => p.pattern)).toEqual(['ssh', 'sshd'])
    await act(async () => pending[1]!.answer.resolve(found('services.sshd')))
    await waitFor(() => expect(text('result')).toBe('services.sshd'))
    expect(text('state')).toBe('done')
    await act(async () => pending[0]!.answer.resolve(found('programs.ssh')))
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(text('result')).toBe('services.sshd')
  })

  it('the last answer stays while the next pattern is searched, marked as searching', async () => {
    const pending = slowSearches()
    const view = renderWithData(<SearchProbe pattern="ssh" />)
    await waitFor(() => expect(pending).toHaveLength(1))
    await act(async () => pending[0]!.answer.resolve(found('programs.ssh')))
    await waitFor(() => expect(text('state')).toBe('done'))
    view.update(<SearchProbe pattern="sshd" />)
    expect(text('state')).toBe('searching')
    expect(text('result')).toBe('programs.ssh')
    await waitFor(() => expect(pending).toHaveLength(2))
    await act(async () => pending[1]!.answer.resolve(found('services.sshd')))
    await waitFor(() => expect(text('result')).toBe('services.sshd'))
  })

  it('a refused pattern says why', async () => {
    fakeCore.handle('files.search', () => {
      throw new CoreRefusal({ code: 'bad-request', message: 'Unmatched ( in the pattern.' })
    })
    renderWithData(<SearchProbe pattern="(" />)
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('Unmatched ( in the pattern.'),
    )
    expect(text('state')).toBe('done')
  })
})
