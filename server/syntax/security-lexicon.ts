/** What the lexical security checks need to know of a language; the patterns live in grammars/<folder>/security.scm. */
export interface SecurityLexicon {
  /** Request input a path must not be built from. */
  requestInput: RegExp;
  /** Calls that make a path from request input safe to join. */
  cleaning: RegExp;
  /** Node types whose value is fixed when the code is written. */
  constants: ReadonlySet<string>;
}
