// The suggested follows lines of a duplicated repository, each with a button that asks for the
// preview of exactly that edit (nothing else is sent, and nothing is written from here).
import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { buildInputTree } from '../../src/shared/lockfile/input-tree'
import { parseLockfile } from '../../src/shared/lockfile/parse-lockfile'
import { FollowsSuggestion } from '../../src/renderer/src/areas/inputs/FollowsSuggestion'

const nixpkgs = (rev: string) => ({
  locked: {
    type: 'github',
    owner: 'NixOS',
    repo: 'nixpkgs',
    rev,
    lastModified: 1,
    narHash: 'sha256-x',
  },
  original: { type: 'github', owner: 'NixOS', repo: 'nixpkgs' },
})

const tree = buildInputTree(
  parseLockfile(
    JSON.stringify({
      version: 7,
      root: 'root',
      nodes: {
        root: { inputs: { nixpkgs: 'nixpkgs', 'home-manager': 'home-manager' } },
        nixpkgs: nixpkgs('a'.repeat(40)),
        nixpkgs_2: nixpkgs('b'.repeat(40)),
        'home-manager': {
          inputs: { nixpkgs: 'nixpkgs_2' },
          locked: {
            type: 'github',
            owner: 'nix-community',
            repo: 'home-manager',
            rev: 'c'.repeat(40),
            lastModified: 1,
            narHash: 'sha256-y',
          },
          original: { type: 'github', owner: 'nix-community', repo: 'home-manager' },
        },
      },
    }),
  ),
  { now: 0, staleAfterDays: 90 },
)

describe('FollowsSuggestion', () => {
  it('shows the line and previews exactly that follows', () => {
    const onPreview = vi.fn()
    render(
      <FollowsSuggestion
        group={tree.duplicates[0]!}
        rows={tree.rows}
        blocked={null}
        onPreview={onPreview}
      />,
    )
    expect(screen.getByText('inputs.home-manager.inputs.nixpkgs.follows = "nixpkgs";')).toBeTruthy()
    fireEvent.click(
      screen.getByRole('button', { name: 'Make home-manager/nixpkgs follow nixpkgs…' }),
    )
    expect(onPreview).toHaveBeenCalledWith({
      kind: 'follows',
      input: 'home-manager/nixpkgs',
      target: 'nixpkgs',
    })
  })

  it('is disabled, saying why, while a change is under way', () => {
    render(
      <FollowsSuggestion
        group={tree.duplicates[0]!}
        rows={tree.rows}
        blocked="A change is under way."
        onPreview={vi.fn()}
      />,
    )
    const button = screen.getByRole('button', { name: 'Make home-manager/nixpkgs follow nixpkgs…' })
    expect((button as HTMLButtonElement).disabled).toBe(true)
    expect(button.getAttribute('title')).toBe('A change is under way.')
  })
})
