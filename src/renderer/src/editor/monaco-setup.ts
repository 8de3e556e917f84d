// Monaco from the local package (never a CDN), with only the workers the app uses: the editor's
// own and JSON's (flake.lock). Nix is registered here, and flake.lock gets its schema.
// The editor core and the contributions the app uses (monaco-features.ts), but only
// the language services Flakedeck shows: JSON for flake.lock, plus a few tokenizers for files
// that sit in config repos. Importing the package root would bundle the TS/HTML/CSS workers too.
import * as monaco from 'monaco-editor/editor/editor.api'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import 'monaco-editor/languages/definitions/ini/register'
import 'monaco-editor/languages/definitions/lua/register'
import 'monaco-editor/languages/definitions/markdown/register'
import 'monaco-editor/languages/definitions/python/register'
import 'monaco-editor/languages/definitions/shell/register'
import 'monaco-editor/languages/definitions/yaml/register'
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker'
import { jsonDefaults } from 'monaco-editor/languages/features/json/register'
import { flakeLockSchema } from './flake-lock-schema'
import './monaco-features'
import { registerNix } from './nix-language'
import { registerNixNavigation } from './nix-navigation'

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment
  }
}

let ready = false

export function setupMonaco(): typeof monaco {
  if (ready) return monaco
  ready = true
  window.MonacoEnvironment = {
    getWorker(_workerId: string, label: string) {
      return label === 'json' ? new JsonWorker() : new EditorWorker()
    },
  }
  registerNix(monaco)
  registerNixNavigation(monaco)
  jsonDefaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    enableSchemaRequest: false,
    schemas: [
      {
        uri: 'flakedeck://schemas/flake-lock.json',
        fileMatch: ['**/flake.lock'],
        schema: flakeLockSchema,
      },
    ],
  })
  monaco.editor.defineTheme('flakedeck-dark', {
    base: 'vs-dark',
    inherit: true,
    rules: [
      { token: 'string.path', foreground: '7fd4c1' },
      { token: 'string.link', foreground: '7fb4ff', fontStyle: 'underline' },
      { token: 'delimiter.interpolation', foreground: 'f0a35e' },
      { token: 'predefined', foreground: 'd7ba7d' },
    ],
    colors: { 'editor.background': '#1b1c21' },
  })
  return monaco
}

export type { monaco }
