// Nix for Monaco: a Monarch tokenizer (strings with ${} interpolation, indented strings, paths,
// URLs, comments, keywords, builtins, numbers, operators) and the editing rules (brackets,
// auto-closing, comment toggling, folding).
import type * as Monaco from 'monaco-editor/editor/editor.api'
import { registerNixKeywordCompletion } from './nix-keyword-completion'

export const nixLanguageId = 'nix'

const builtins = [
  'abort',
  'add',
  'addErrorContext',
  'all',
  'any',
  'attrNames',
  'attrValues',
  'baseNameOf',
  'bitAnd',
  'bitOr',
  'bitXor',
  'builtins',
  'catAttrs',
  'ceil',
  'compareVersions',
  'concatLists',
  'concatMap',
  'concatStringsSep',
  'currentSystem',
  'currentTime',
  'deepSeq',
  'derivation',
  'dirOf',
  'div',
  'elem',
  'elemAt',
  'false',
  'fetchGit',
  'fetchTarball',
  'fetchTree',
  'fetchurl',
  'filter',
  'filterSource',
  'floor',
  "foldl'",
  'fromJSON',
  'fromTOML',
  'functionArgs',
  'genList',
  'genericClosure',
  'getAttr',
  'getEnv',
  'getFlake',
  'groupBy',
  'hasAttr',
  'hashFile',
  'hashString',
  'head',
  'import',
  'intersectAttrs',
  'isAttrs',
  'isBool',
  'isFloat',
  'isFunction',
  'isInt',
  'isList',
  'isNull',
  'isPath',
  'isString',
  'length',
  'lessThan',
  'listToAttrs',
  'map',
  'mapAttrs',
  'match',
  'mul',
  'null',
  'parseDrvName',
  'partition',
  'path',
  'pathExists',
  'placeholder',
  'readDir',
  'readFile',
  'removeAttrs',
  'replaceStrings',
  'seq',
  'sort',
  'split',
  'splitVersion',
  'storePath',
  'stringLength',
  'sub',
  'substring',
  'tail',
  'throw',
  'toFile',
  'toJSON',
  'toPath',
  'toString',
  'toXML',
  'trace',
  'true',
  'tryEval',
  'typeOf',
  'zipAttrsWith',
]

export const nixKeywords = [
  'let',
  'in',
  'with',
  'inherit',
  'rec',
  'if',
  'then',
  'else',
  'assert',
  'or',
]

export const nixMonarch: Monaco.languages.IMonarchLanguage = {
  defaultToken: '',
  tokenPostfix: '.nix',
  keywords: nixKeywords,
  builtins,
  operators: [
    '==',
    '!=',
    '<=',
    '>=',
    '&&',
    '||',
    '->',
    '//',
    '++',
    '+',
    '-',
    '*',
    '/',
    '!',
    '<',
    '>',
    '?',
    '=',
    '@',
    ':',
  ],
  symbols: /[=><!~?:&|+\-*/^%@]+/,
  tokenizer: {
    root: [
      { include: '@whitespace' },
      // URLs (an unquoted URI literal) before paths and identifiers.
      [/[a-zA-Z][a-zA-Z0-9+.-]*:[a-zA-Z0-9%/?:@&=+$,\-_.!~*']+/, 'string.link'],
      // Paths: ./x, ../x, /abs, ~/x, and <nixpkgs>.
      [/<[a-zA-Z0-9._+-]+(\/[a-zA-Z0-9._+-]+)*>/, 'string.path'],
      [/(\.{1,2}|~)?(\/[a-zA-Z0-9._+-]+)+\/?/, 'string.path'],
      [/''/, { token: 'string.quote', next: '@indentedString' }],
      [/"/, { token: 'string.quote', next: '@string' }],
      [/\$\{/, { token: 'delimiter.interpolation', next: '@interpolation' }],
      [/[{}()[\]]/, '@brackets'],
      [/\d+\.\d*([eE][+-]?\d+)?/, 'number.float'],
      [/\d+/, 'number'],
      [
        /[a-zA-Z_][a-zA-Z0-9_'-]*/,
        { cases: { '@keywords': 'keyword', '@builtins': 'predefined', '@default': 'identifier' } },
      ],
      [/\.\.\./, 'operator'],
      [/[;,.]/, 'delimiter'],
      [/@symbols/, { cases: { '@operators': 'operator', '@default': '' } }],
    ],
    whitespace: [
      [/[ \t\r\n]+/, ''],
      [/#.*$/, 'comment'],
      [/\/\*/, 'comment', '@blockComment'],
    ],
    blockComment: [
      [/[^/*]+/, 'comment'],
      [/\*\//, 'comment', '@pop'],
      [/[/*]/, 'comment'],
    ],
    string: [
      [/\\./, 'string.escape'],
      [/\$\{/, { token: 'delimiter.interpolation', next: '@interpolation' }],
      [/"/, { token: 'string.quote', next: '@pop' }],
      [/[^\\"$]+/, 'string'],
      [/\$/, 'string'],
    ],
    indentedString: [
      // ''' , ''$ and ''\x are escapes inside indented strings.
      [/'''/, 'string.escape'],
      [/''\$/, 'string.escape'],
      [/''\\./, 'string.escape'],
      [/''/, { token: 'string.quote', next: '@pop' }],
      [/\$\{/, { token: 'delimiter.interpolation', next: '@interpolation' }],
      [/[^'$]+/, 'string'],
      [/['$]/, 'string'],
    ],
    interpolation: [
      [/\}/, { token: 'delimiter.interpolation', next: '@pop' }],
      [/\{/, { token: 'delimiter.bracket', next: '@interpolationBraces' }],
      { include: 'root' },
    ],
    interpolationBraces: [
      [/\}/, { token: 'delimiter.bracket', next: '@pop' }],
      [/\{/, { token: 'delimiter.bracket', next: '@interpolationBraces' }],
      { include: 'root' },
    ],
  },
}

export const nixLanguageConfiguration: Monaco.languages.LanguageConfiguration = {
  comments: { lineComment: '#', blockComment: ['/*', '*/'] },
  brackets: [
    ['{', '}'],
    ['[', ']'],
    ['(', ')'],
    ['${', '}'],
  ],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"', notIn: ['string', 'comment'] },
    { open: "''", close: "''", notIn: ['string', 'comment'] },
    { open: '/*', close: ' */', notIn: ['string'] },
  ],
  surroundingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"' },
  ],
  folding: { offSide: false, markers: { start: /^\s*#\s*region\b/, end: /^\s*#\s*endregion\b/ } },
  indentationRules: {
    increaseIndentPattern: /^.*(\{|\[|\(|\blet|=)\s*(#.*)?$/,
    decreaseIndentPattern: /^\s*(\}|\]|\)|\bin\b)/,
  },
  wordPattern: /[a-zA-Z_][a-zA-Z0-9_'-]*/,
}

/**
 * Enter as Nix authors expect: after `{ [ (`, after `let` and after an opening `''`
 * the next line is indented (between `''` and its auto-closed `''`, the closing one goes on a
 * line of its own), and inside an indented string each line keeps the one before's indentation.
 */
export function nixOnEnterRules(
  indent: typeof Monaco.languages.IndentAction,
): Monaco.languages.OnEnterRule[] {
  // An opening '' follows `=`, `(`, `[`, a space or the line start; a closing one follows text.
  const opensIndentedString = /(^|[\s=([])''\s*$/
  // Brackets too, by rule: Monaco's own bracket indenting waits for the line's tokens, so fast
  // typing could skip it.
  const opensBracket = /[[({]\s*(#.*)?$/
  return [
    {
      beforeText: opensBracket,
      afterText: /^\s*[\])}]/,
      action: { indentAction: indent.IndentOutdent },
    },
    { beforeText: opensBracket, action: { indentAction: indent.Indent } },
    {
      beforeText: opensIndentedString,
      afterText: /^\s*''/,
      action: { indentAction: indent.IndentOutdent },
    },
    { beforeText: opensIndentedString, action: { indentAction: indent.Indent } },
    { beforeText: /(^|\s|=)let\s*(#.*)?$/, action: { indentAction: indent.Indent } },
  ]
}

export function registerNix(monaco: typeof Monaco): void {
  if (monaco.languages.getLanguages().some((l) => l.id === nixLanguageId)) return
  monaco.languages.register({ id: nixLanguageId, extensions: ['.nix'], aliases: ['Nix', 'nix'] })
  monaco.languages.setMonarchTokensProvider(nixLanguageId, nixMonarch)
  monaco.languages.setLanguageConfiguration(nixLanguageId, {
    ...nixLanguageConfiguration,
    onEnterRules: nixOnEnterRules(monaco.languages.IndentAction),
  })
  registerNixKeywordCompletion(
    monaco,
    nixLanguageId,
    nixKeywords,
    nixLanguageConfiguration.wordPattern!,
  )
}
