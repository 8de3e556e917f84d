// The look before switching says which services the switch would touch, as the new system's
// switch-to-configuration dry-activate answered, or why that is not known.
import { screen } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { ConfirmActivation } from '../../src/renderer/src/areas/rebuild/ConfirmActivation'
import type { DryActivation, UnitChanges } from '../../src/shared/rebuild/types'
import { fakeCore } from './fake-core'
import { renderWithData } from './render'

const next = '/nix/store/abc-nixos-system-demo'

const none: UnitChanges = {
  stop: [],
  restart: [],
  start: [],
  reload: [],
  skipped: [],
  restartSystemd: false,
  swapOff: [],
}

function show(dryActivation?: DryActivation | null) {
  renderWithData(
    <ConfirmActivation
      action="switch"
      profile="/nix/var/nix/profiles/system"
      current={null}
      next={next}
      {...(dryActivation !== undefined ? { dryActivation } : {})}
      onConfirm={() => {}}
      onDecline={() => {}}
    />,
  )
}

beforeEach(() => {
  fakeCore.handle('generations.bootFit', () => ({
    bootDir: '/boot',
    storePath: next,
    files: [],
    neededBytes: 0,
    freeBytes: null,
    fits: true,
    warning: null,
  }))
})

describe('the services in the look before switching', () => {
  it('lists each kind the dry activation named, and only those', () => {
    show({
      status: 'known',
      units: { ...none, restart: ['nginx.service', 'sshd.service'], reload: ['dbus.service'] },
    })
    const list = screen.getByRole('list', { name: 'Services' })
    expect(list.textContent).toBe(
      'These services would restart: nginx.service, sshd.serviceThese services would reload: dbus.service',
    )
  })

  it('names systemd, and shortens a long list', () => {
    const many = Array.from({ length: 45 }, (_, i) => `unit-${i}.service`)
    show({ status: 'known', units: { ...none, start: many, restartSystemd: true } })
    expect(screen.getByTestId('activation-services-systemd').textContent).toBe(
      'systemd itself would restart.',
    )
    expect(screen.getByTestId('activation-services-start').textContent).toBe(
      `These services would start: ${many.slice(0, 30).join(', ')} and 15 more`,
    )
  })

  it('says when nothing would change', () => {
    show({ status: 'known', units: none })
    expect(screen.getByTestId('activation-services-none').textContent).toBe(
      'No service would stop, restart, start or reload.',
    )
    expect(screen.queryByRole('list', { name: 'Services' })).toBeNull()
  })

  it('says why it could not tell, and the switch stays offered', () => {
    show({
      status: 'unknown',
      reason: 'switch-to-configuration dry-activate exited with 1: sudo: a password is required',
    })
    expect(screen.getByTestId('activation-services-unknown').textContent).toBe(
      'Could not tell which services would restart: switch-to-configuration dry-activate exited with 1: sudo: a password is required',
    )
    expect(screen.getByRole('button', { name: 'Activate' })).toBeTruthy()
  })

  it('says nothing about services when the run did not ask', () => {
    show()
    expect(screen.queryByText(/services would/)).toBeNull()
    expect(screen.queryByText(/which services/)).toBeNull()
  })
})
