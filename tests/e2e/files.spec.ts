import { expect, screenshot, test } from './nix-test'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { alphaHost as host, alphaHostOutputs } from '../fixtures/alpha-host'
import { git } from '../helpers/git-repo'
import { typeAtLineEnd } from './page-helpers'
import { type ServedApp } from './serve-fixture'
import { repoSetUp, serveForFile } from './serve-for-file'

let repo: string
let app: ServedApp

const flake = `{
  description = "e2e";
${alphaHostOutputs}}
`

serveForFile(
  'files',
  repoSetUp({ 'flake.nix': flake, 'hosts/alpha.nix': host, 'README.md': '# config\n' }),
  (served) => {
    ;({ fixture: repo, app } = served)
  },
)

test('edit a Nix file: a syntax error shows at its line, then fix, save and commit', async ({
  page,
}) => {
  await page.goto(app.url)
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Hosts' }).getByText('alpha')).toBeVisible()
  await page
    .getByRole('treeitem', { name: 'flake.nix' })
    .getByRole('button', { name: 'flake.nix' })
    .click()
  await expect(page.getByRole('tab', { name: /flake\.nix/ })).toBeVisible()
  await expect(page.locator('.view-lines')).toContainText('description')

  // Break line 2: `description = "e2e";` → `description = "e2e";;`
  await typeAtLineEnd(page, 2, ' = ;')
  await expect(page.getByRole('tab', { name: /flake\.nix.*unsaved/ })).toBeVisible()
  const problem = page
    .getByRole('region', { name: 'Problems' })
    .getByRole('button', { name: /syntax error/ })
  await expect(problem).toBeVisible({ timeout: 15_000 })
  await expect(problem).toContainText('flake.nix:2:')
  await expect(page.locator('.squiggly-error')).toHaveCount(1)
  await screenshot(page, 'files-syntax-error.png')

  // Fix it: remove the four characters typed.
  for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace')
  await expect(problem).toHaveCount(0, { timeout: 15_000 })
  await page.keyboard.press('Control+s')
  await expect(page.getByRole('tab', { name: /flake\.nix.*unsaved/ })).toHaveCount(0)
  expect(readFileSync(join(repo, 'flake.nix'), 'utf8')).toBe(flake)

  // A real edit, saved and committed.
  await typeAtLineEnd(page, 2, ' # edited in Flakedeck')
  await page.keyboard.press('Control+s')
  await expect(page.getByRole('tab', { name: /flake\.nix.*unsaved/ })).toHaveCount(0)
  expect(readFileSync(join(repo, 'flake.nix'), 'utf8')).toContain('# edited in Flakedeck')
  await expect(page.getByRole('button', { name: 'Commit (1)' })).toBeVisible()
  await page.getByRole('button', { name: 'Commit (1)' }).click()
  await page.getByLabel('Message').fill('Describe the flake')
  await screenshot(page, 'files-commit.png')
  await page.getByRole('button', { name: 'Commit 1 file' }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  expect(git(repo, 'log', '-1', '--format=%s')).toBe('Describe the flake')
  expect(git(repo, 'status', '--porcelain')).toBe('')
})

test('warns about untracked files and adds them to git', async ({ page }) => {
  writeFileSync(join(repo, 'hosts/beta.nix'), host)
  await page.goto(app.url)
  const warning = page.getByTestId('untracked-warning')
  await expect(warning).toContainText('1 untracked file: nix cannot see it')
  await warning.getByRole('button', { name: 'git add it' }).click()
  await expect(warning).toHaveCount(0)
  expect(git(repo, 'status', '--porcelain')).toBe('A  hosts/beta.nix')
  git(repo, 'commit', '-q', '-m', 'Add beta')
})

test('a file changed on disk reloads, or asks when there are unsaved edits', async ({ page }) => {
  await page.goto(app.url)
  await page.getByRole('button', { name: 'README.md' }).click()
  await expect(page.locator('.view-lines')).toContainText('# config')
  writeFileSync(join(repo, 'README.md'), '# config from elsewhere\n')
  await expect(page.locator('.view-lines')).toContainText('from elsewhere', { timeout: 10_000 })

  await typeAtLineEnd(page, 1, ' (mine)')
  writeFileSync(join(repo, 'README.md'), '# theirs\n')
  const bar = page.getByTestId('conflict-bar')
  await expect(bar).toBeVisible({ timeout: 10_000 })
  await screenshot(page, 'files-conflict.png')
  await bar.getByRole('button', { name: 'Keep mine' }).click()
  await expect(bar).toHaveCount(0)
  expect(readFileSync(join(repo, 'README.md'), 'utf8')).toBe('# config from elsewhere (mine)\n')
})

test('checks a host and links an evaluation error to its line', async ({ page }) => {
  writeFileSync(
    join(repo, 'hosts/alpha.nix'),
    host.replace('name = "alpha";', 'name = 1 + "alpha";'),
  )
  git(repo, 'commit', '-q', '-am', 'break alpha')
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Check host' }).click()
  const problem = page
    .getByRole('region', { name: 'Problems' })
    .getByRole('button', { name: /cannot add a string to an integer/ })
  await expect(problem).toBeVisible({ timeout: 30_000 })
  await expect(problem).toContainText('hosts/alpha.nix:2:')
  await problem.click()
  await expect(page.getByRole('tab', { name: /alpha\.nix/ })).toBeVisible()
  await expect(page.locator('.squiggly-error')).toHaveCount(1)
  await screenshot(page, 'files-eval-error.png')
})
