// The Inputs preview of a flake with two hosts: every host's headline, one after the other, and
// a host picked shows its packages. The second host chooses the compiler too (its own file), so
// the two lines differ only where the hosts do. flake.lock is not written.
import { expect, screenshot, test } from './nix-test'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { hostNix, makePredictFixture, type PredictFixture } from '../fixtures/predict-fixture'
import { git } from '../helpers/git-repo'
import { previewUpdateOf } from './page-helpers'
import { type ServedApp } from './serve-fixture'
import { serveForFile } from './serve-for-file'

let fixture: PredictFixture
let app: ServedApp

serveForFile(
  'predict-hosts',
  (work) => {
    const made = makePredictFixture(work)
    git(made.pkgsRepo, 'merge', '-q', '--ff-only', made.revs['version bump'])
    // A second host, "laptop", beside "demo".
    const flakeNix = join(made.repo, 'flake.nix')
    const text = readFileSync(flakeNix, 'utf8')
    const line = text.split('\n').find((l) => l.includes('nixosConfigurations.demo ='))!
    const laptop = line
      .replace('nixosConfigurations.demo', 'nixosConfigurations.laptop')
      .replace('./host.nix', './laptop.nix')
    writeFileSync(flakeNix, text.replace(line, `${line}\n${laptop}`))
    writeFileSync(join(made.repo, 'laptop.nix'), hostNix(' ++ [ pkgs.packages.cc ]'))
    git(made.repo, 'add', 'flake.nix', 'laptop.nix')
    git(made.repo, 'commit', '-q', '-m', 'a second host')
    return { fixture: made, flake: made.repo }
  },
  (served) => {
    ;({ fixture, app } = served)
  },
)

test('an update preview predicts every host, and a host picked shows its packages', async ({
  page,
}) => {
  const lock = readFileSync(join(fixture.repo, 'flake.lock'), 'utf8')
  const prediction = await previewUpdateOf(page, app.url, 'pkgs')
  await expect(prediction.getByRole('combobox', { name: 'Host' })).toHaveValue('')
  const hosts = prediction.getByRole('list', { name: 'Every host' })
  const headline =
    /linux 6\.6\.30 → 6\.6\.32 \(a reboot is needed\), 2 packages upgraded, 2 packages rebuilt at the same version, \d+ derivations to build/
  await expect(hosts.getByTestId('host-demo')).toContainText(headline, { timeout: 60_000 })
  await expect(hosts.getByTestId('host-laptop')).toContainText(headline, { timeout: 60_000 })
  await screenshot(page, 'inputs-predict-hosts.png')

  await hosts.getByTestId('host-laptop').getByRole('button', { name: 'laptop' }).click()
  await expect(hosts).toBeHidden()
  await expect(prediction.getByRole('combobox', { name: 'Host' })).toHaveValue('laptop')
  await expect(prediction.getByTestId('prediction-headline')).toHaveText(headline, {
    timeout: 60_000,
  })
  await expect(prediction.getByTestId('change-row')).toHaveCount(4)
  // Back to every host: answered from what the core keeps.
  await prediction.getByRole('combobox', { name: 'Host' }).selectOption('')
  await expect(hosts.getByTestId('host-laptop')).toContainText(headline, { timeout: 60_000 })

  expect(readFileSync(join(fixture.repo, 'flake.lock'), 'utf8')).toBe(lock)
  expect(git(fixture.repo, 'status', '--porcelain')).toBe('')
})
