// `import path from './worker?modulePath'` gives the path of that module bundled on its own: the
// build does it (electron-vite), and this plugin does it for the tests, so that a worker thread
// (which node starts from a JavaScript file) runs the same code under Vitest as in the app.
import { createHash } from 'node:crypto'
import { mkdirSync, renameSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { build, type Plugin, type Rollup } from 'vite'

const suffix = '?modulePath'
const prefix = '\0module-path:'

/** Bundles `entry` (node's modules and dependencies stay imports) where node resolves them. */
async function bundle(entry: string, root: string): Promise<string> {
  const result = (await build({
    configFile: false,
    logLevel: 'warn',
    // A bundled module may itself start a worker (the CLI's core and its pty host).
    plugins: [modulePathForTests(root)],
    build: {
      ssr: entry,
      write: false,
      copyPublicDir: false,
      target: 'node20',
      rollupOptions: {
        external: [/^node:/, 'node-pty'],
        output: { format: 'es', codeSplitting: false },
      },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[]
  const output = Array.isArray(result) ? result[0]! : result
  const code = output.output[0].code
  // Named by content: parallel test processes write the same file, each atomically.
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16)
  const dir = join(root, 'node_modules', '.cache', 'flakedeck-test-workers')
  const file = join(dir, `worker-${hash}.mjs`)
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true })
    const temporary = `${file}.${process.pid}.tmp`
    writeFileSync(temporary, code)
    renameSync(temporary, file)
  }
  return file
}

export function modulePathForTests(root: string): Plugin {
  const built = new Map<string, Promise<string>>()
  return {
    name: 'flakedeck-module-path',
    enforce: 'pre',
    async resolveId(id, importer) {
      if (!id.endsWith(suffix)) return null
      const resolved = await this.resolve(id.slice(0, -suffix.length), importer, {
        skipSelf: true,
      })
      return resolved ? prefix + resolved.id : null
    },
    async load(id) {
      if (!id.startsWith(prefix)) return null
      const entry = id.slice(prefix.length)
      let file = built.get(entry)
      if (!file) built.set(entry, (file = bundle(entry, root)))
      return `export default ${JSON.stringify(await file)}`
    },
  }
}
