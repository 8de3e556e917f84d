// What the nix editor suggests for a keyword typed in full: the keyword first (so Enter, which
// accepts only a suggestion that changes the text, makes a new line), then the file's words.
import { describe, expect, it } from 'vitest'
import { keywordSuggestions } from '../../src/renderer/src/editor/nix-keyword-completion'
import { nixKeywords, nixLanguageConfiguration } from '../../src/renderer/src/editor/nix-language'

const suggest = (word: string, text: string) =>
  keywordSuggestions(word, nixKeywords, text, nixLanguageConfiguration.wordPattern!)

describe('suggestions for a typed keyword', () => {
  it('puts the keyword first, then the words of the file that start with it', () => {
    expect(suggest('let', 'let lets = 1; letsencrypt = 2; outlet = 3; in lets')).toEqual([
      'let',
      'lets',
      'letsencrypt',
    ])
    expect(suggest('in', 'inputs.nixpkgs; inherit (x) y;')).toEqual(['in', 'inputs', 'inherit'])
  })

  it('suggests nothing for a word that is not a keyword, so the file words show as before', () => {
    expect(suggest('le', 'let lets = 1;')).toEqual([])
    expect(suggest('lets', 'let lets = 1;')).toEqual([])
  })
})
