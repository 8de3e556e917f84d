// The files find in files searches, as git lists them: what a flake sees (tracked files, even one
// an ignore rule matches) plus files not yet added that no rule ignores. ripgrep is handed this
// list instead of walking the folder with its own reading of .gitignore, so both tools search
// exactly the same files. Like git grep, it leaves out symbolic links and submodules (a flake
// copies them as links, not as text), files deleted from the work tree, and names that are not
// UTF-8 (the app could not open them).
import { lstat } from 'node:fs/promises'
import { join } from 'node:path'
import type { GitService } from '../git'
import { pathText } from './search-match'

export interface SearchableFile {
  /** Relative to the folder searched. */
  path: string
  /** The path's bytes, git's sort key. */
  key: Buffer
}

/** Index entries that are regular files (not 120000 links, not 160000 submodules). */
const regularModes = new Set(['100644', '100755'])

function fields(stdout: string): string[] {
  return stdout.split('\0').filter(Boolean)
}

export async function searchableFiles(git: GitService, dir: string): Promise<SearchableFile[]> {
  const list = (args: string[]) =>
    git
      .runChecked(dir, ['ls-files', '-z', ...args], {
        stdoutEncoding: 'latin1',
        timeoutMs: 60_000,
      })
      .then((result) => fields(result.stdout))
  const [staged, others, deleted] = await Promise.all([
    list(['--stage']),
    list(['--others', '--exclude-standard']),
    list(['--deleted']),
  ])
  const gone = new Set(deleted)
  const raw = new Set<string>()
  for (const entry of staged) {
    // "<mode> <object> <stage>\t<path>"; a conflicted path has up to three entries.
    const tab = entry.indexOf('\t')
    const path = entry.slice(tab + 1)
    if (regularModes.has(entry.slice(0, entry.indexOf(' '))) && !gone.has(path)) raw.add(path)
  }
  // An untracked folder git does not enter (a nested repo) is listed as "folder/".
  const untracked = others.filter((path) => !path.endsWith('/'))
  const regular = await Promise.all(
    untracked.map((path) =>
      lstat(join(dir, Buffer.from(path, 'latin1').toString('utf8'))).then(
        (stat) => stat.isFile(),
        () => false,
      ),
    ),
  )
  untracked.forEach((path, i) => regular[i] && raw.add(path))

  const files: SearchableFile[] = []
  for (const rawPath of raw) {
    const key = Buffer.from(rawPath, 'latin1')
    const path = pathText(key)
    if (path !== null) files.push({ path, key })
  }
  return files.sort((a, b) => Buffer.compare(a.key, b.key))
}
