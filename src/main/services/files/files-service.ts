// The repo's files as the editor sees them: listed through git (ignored files and .git left
// out), read with binary/size checks, and written atomically without clobbering a change that
// reached the disk after the editor loaded the file. Paths come checked (RepoPath, made at the
// edge), so this file only reads and writes.
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { FileTree, OpenedFile } from '../../../shared/contract'
import { AppError } from '../../../shared/app-error'
import type { GitService } from '../git'
import { writeFileAtomic } from './atomic-write'
import { contentVersion, languageFor, looksBinary, maxEditableBytes } from './file-content'
import { absoluteIn, resolveWriteTarget, type RepoPath } from './repo-paths'

function missing(path: string): AppError {
  return new AppError('not-found', `${path} does not exist (any more).`, {
    hint: 'It may have been deleted or renamed outside Flakedeck. Refresh the file list.',
  })
}

export class FilesService {
  constructor(private readonly git: GitService) {}

  async tree(repo: string): Promise<FileTree> {
    const [{ tracked, untracked }, status, gone] = await Promise.all([
      this.git.listFiles(repo),
      this.git.status(repo),
      this.git.addedThenDeleted(repo).then((paths) => new Set(paths)),
    ])
    // A tracked file deleted from the work tree is still listed by ls-files --cached; keep it so
    // the user sees the deletion, marked by its status. One that was only ever added (never
    // committed) and then deleted is gone for the user: neither in the tree nor to commit.
    const files = [...new Set([...tracked, ...untracked])].filter((f) => !gone.has(f)).sort()
    return {
      files,
      untracked: untracked.sort(),
      status: status.filter((s) => !(s.kind === 'added' && gone.has(s.path))),
    }
  }

  async read(repo: string, relative: RepoPath): Promise<OpenedFile> {
    const absolute = absoluteIn(repo, relative)
    let info
    try {
      info = await stat(absolute)
    } catch {
      throw missing(relative)
    }
    if (!info.isFile()) {
      throw new AppError('bad-request', `${relative} is not a file.`)
    }
    const language = languageFor(relative)
    if (info.size > maxEditableBytes) {
      // Hash only what identifies it; the editor will not load it.
      return {
        path: relative,
        content: null,
        version: `size:${info.size}:mtime:${info.mtimeMs}`,
        size: info.size,
        readOnlyReason: 'too-large',
        language,
      }
    }
    const bytes = await readFile(absolute)
    const binary = looksBinary(bytes)
    return {
      path: relative,
      content: binary ? null : bytes.toString('utf8'),
      version: contentVersion(bytes),
      size: bytes.length,
      readOnlyReason: binary ? 'binary' : null,
      language,
    }
  }

  /** The version on disk now, or null when the file does not exist. */
  private async versionOnDisk(absolute: string): Promise<string | null> {
    try {
      return contentVersion(await readFile(absolute))
    } catch {
      return null
    }
  }

  async write(
    repo: string,
    relative: RepoPath,
    content: string,
    baseVersion: string | null,
    overwrite = false,
  ): Promise<{ version: string }> {
    const absolute = absoluteIn(repo, relative)
    const current = await this.versionOnDisk(absolute)
    if (!overwrite && current !== baseVersion) {
      const message =
        current === null
          ? `${relative} was deleted on disk after you opened it.`
          : baseVersion === null
            ? `${relative} already exists on disk.`
            : `${relative} changed on disk after you opened it.`
      throw new AppError('conflict', message, {
        hint: 'Keep your version (overwrite the file), take the version on disk, or compare the two.',
        details: JSON.stringify({ diskVersion: current }),
      })
    }
    // Through a symlink, the file it leads to is written and the link stays a link.
    const target = await resolveWriteTarget(repo, absolute)
    await mkdir(dirname(target), { recursive: true })
    await writeFileAtomic(target, content)
    return { version: contentVersion(content) }
  }

  async create(repo: string, relative: RepoPath, kind: 'file' | 'folder'): Promise<void> {
    const absolute = absoluteIn(repo, relative)
    const exists = await stat(absolute).then(
      () => true,
      () => false,
    )
    if (exists)
      throw new AppError('conflict', `${relative} already exists.`, {
        hint: 'Choose another name.',
      })
    if (kind === 'folder') await mkdir(absolute, { recursive: true })
    else {
      await mkdir(dirname(absolute), { recursive: true })
      await writeFileAtomic(absolute, '')
    }
  }

  async rename(repo: string, from: RepoPath, to: RepoPath): Promise<void> {
    const source = absoluteIn(repo, from)
    const target = absoluteIn(repo, to)
    await stat(source).catch(() => {
      throw missing(from)
    })
    const taken = await stat(target).then(
      () => true,
      () => false,
    )
    if (taken) {
      throw new AppError('conflict', `${to} already exists.`, {
        hint: 'Choose another name.',
      })
    }
    await mkdir(dirname(target), { recursive: true })
    await rename(source, target)
  }

  async remove(repo: string, relative: RepoPath): Promise<void> {
    const absolute = absoluteIn(repo, relative)
    await stat(absolute).catch(() => {
      throw missing(relative)
    })
    await rm(absolute, { recursive: true })
  }
}
