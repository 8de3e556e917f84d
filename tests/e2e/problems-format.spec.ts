// The Problems list shows a syntax error once when both the open buffer's parse and a host check
// find it, and no "Git tree is dirty"; the formatter message names a setting that exists.
import { expect, screenshot, test } from './nix-test'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { alphaHost as host, alphaHostOutputs } from '../fixtures/alpha-host'
import { type ServedApp } from './serve-fixture'
import { repoSetUp, serveForFile } from './serve-for-file'

let repo: string
let app: ServedApp

const flake = `{
${alphaHostOutputs}}
`

serveForFile('problems', repoSetUp({ 'flake.nix': flake, 'hosts/alpha.nix': host }), (served) => {
  ;({ fixture: repo, app } = served)
})

test('a syntax error found by the parse and by a host check is listed once, with no dirty-tree problem', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  // Uncommitted, so nix warns that the Git tree is dirty.
  writeFileSync(join(repo, 'hosts/alpha.nix'), host.replace('name = "alpha";', 'name = ;'))
  await page.goto(app.url)
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()
  await page.keyboard.press('Control+p')
  await page.keyboard.type('alpha.nix')
  await page.keyboard.press('Enter')
  await expect(page.locator('.editor-path')).toHaveText('hosts/alpha.nix')
  const problems = page.getByRole('region', { name: 'Problems' })
  await expect(problems.getByRole('button', { name: /syntax error/ })).toHaveCount(1, {
    timeout: 15_000,
  })
  await page.getByRole('button', { name: 'Check host' }).click()
  await expect(page.getByText('✖ fails')).toBeVisible({ timeout: 30_000 })
  await expect(problems.getByRole('button')).toHaveCount(1)
  await expect(problems).not.toContainText('is dirty')
  // The state is shown once, in the status bar, and says what it means.
  await expect(page.getByTestId('status-dirty')).toHaveAttribute('title', /Git tree is dirty/)
  await screenshot(page, 'files-problems-once-1280.png')
})

test('the formatter is a setting beside Format, and the missing-formatter message points at it', async ({
  page,
}) => {
  // This machine has neither formatter: Format has to say what to do.
  test.skip(
    ['nixfmt', 'alejandra'].some((f) =>
      (process.env.PATH ?? '').split(':').some((d) => existsSync(join(d, f))),
    ),
    'a formatter is on PATH here',
  )
  await page.setViewportSize({ width: 1024, height: 640 })
  writeFileSync(join(repo, 'hosts/alpha.nix'), host)
  await page.goto(app.url)
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()
  await page.keyboard.press('Control+p')
  await page.keyboard.type('alpha.nix')
  await page.keyboard.press('Enter')
  const choice = page.getByRole('combobox', { name: 'Formatter' })
  await expect(choice).toHaveValue('nixfmt')
  await page.getByRole('button', { name: 'Format', exact: true }).click()
  const error = page.getByRole('alert').filter({ hasText: 'nixfmt is not on PATH' })
  await expect(error).toContainText('alejandra in the Formatter setting beside the Format button')
  await choice.selectOption('alejandra')
  await page.reload()
  await expect(page.getByRole('combobox', { name: 'Formatter' })).toHaveValue('alejandra')
  await page.getByRole('button', { name: 'Format', exact: true }).click()
  await expect(
    page.getByRole('alert').filter({ hasText: 'alejandra is not on PATH' }),
  ).toContainText('nixfmt in the Formatter setting')
  await screenshot(page, 'files-formatter-setting-1024.png')
})
