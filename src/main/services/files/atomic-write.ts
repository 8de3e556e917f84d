// Writes a file so that a crash leaves either the old or the new content, never half of it:
// a temp file in the same folder, flushed, then renamed over the target (keeping its mode).
import { randomBytes } from 'node:crypto'
import { open, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

export async function writeFileAtomic(path: string, content: string | Buffer): Promise<void> {
  const temp = join(
    dirname(path),
    `.${basename(path)}.flakedeck-${randomBytes(6).toString('hex')}.tmp`,
  )
  let mode = 0o644
  try {
    mode = (await stat(path)).mode & 0o7777
  } catch {
    // a new file
  }
  const handle = await open(temp, 'wx', mode)
  try {
    await handle.writeFile(content)
    await handle.sync()
  } catch (error) {
    await handle.close()
    await unlink(temp).catch(() => undefined)
    throw error
  }
  await handle.close()
  try {
    await rename(temp, path)
  } catch (error) {
    await unlink(temp).catch(() => undefined)
    throw error
  }
}
