// What find in files is asked, and the refusal both of its tools give for a pattern they cannot
// compile, in the same words.
import { AppError } from '../../../shared/app-error'

export interface TextSearchQuery {
  pattern: string
  /**
   * A regular expression: ripgrep's syntax (Rust's regex crate) when ripgrep searches, Perl's
   * (git grep -P) otherwise, POSIX extended only with a git built without PCRE. Otherwise the
   * text as typed.
   */
  regex: boolean
  caseSensitive: boolean
}

export function regexError(reason: string): AppError {
  return new AppError(
    'bad-request',
    `The pattern is not a valid regular expression: ${reason.trim()}`,
    {
      hint: 'Fix the pattern, or switch off "Use regular expression" to search for the text as typed.',
    },
  )
}
