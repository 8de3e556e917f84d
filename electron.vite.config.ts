import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'
import { build, type Plugin } from 'vite'
import { contentSecurityPolicy } from './src/shared/csp'

/** Writes the one CSP (src/shared/csp.ts) into index.html; a meta tag ignores frame-ancestors. */
function cspMeta(): Plugin {
  const policy = contentSecurityPolicy
    .split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ')
  return {
    name: 'flakedeck-csp',
    transformIndexHtml: (html) => html.replace('%FLAKEDECK_CSP%', policy),
  }
}

/**
 * The CLI's quick paths (src/main/cli/quick-*.ts), each built as one file beside cli.js, which
 * tries it first: node then loads one module for `flakedeck inputs` or `generations` instead of
 * about ten chunks shared with the app. Built after the main bundle, with no code splitting.
 */
function quickCliCommands(names: readonly string[]): Plugin {
  return {
    name: 'flakedeck-quick-cli',
    apply: 'build',
    async closeBundle() {
      for (const name of names) {
        await build({
          configFile: false,
          logLevel: 'warn',
          build: {
            ssr: resolve(__dirname, `src/main/cli/quick-${name}.ts`),
            outDir: 'out/main',
            emptyOutDir: false,
            copyPublicDir: false,
            target: 'node20',
            rollupOptions: {
              // CommonJS: bin/flakedeck.js (CommonJS too) requires it without starting node's
              // ES module loader, about 5 ms of a quick command.
              output: { format: 'cjs', entryFileNames: `quick-${name}.cjs`, codeSplitting: false },
            },
          },
        })
      }
    },
  }
}

export default defineConfig({
  main: {
    plugins: [quickCliCommands(['inputs', 'generations'])],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // The desktop shell and the `flakedeck` command share the core; both are built here.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/main/cli/index.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react(), cspMeta()],
    build: {
      outDir: 'out/renderer',
      // Minified, as every shipped web app: Monaco alone is 5 MB of source, and the first screen
      // waits for its script to be read.
      minify: true,
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
  },
})
