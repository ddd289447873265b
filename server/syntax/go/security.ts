import type { SecurityLexicon } from '../security-lexicon.js';

/** Go's request inputs, path cleaners and constant literals. */
export const GO_SECURITY: SecurityLexicon = {
  requestInput:
    /\b(?:r|req|request)\.(?:URL|Form|PostForm|MultipartForm|Header|Body|FormValue|PostFormValue|PathValue|Cookie)\b|\bmux\.Vars\(|\bc\.(?:Param|Query|DefaultQuery|PostForm|FormValue)\(/,
  cleaning: /\b(?:filepath|path)\.(?:Clean|Base|IsLocal|Rel)\(|\b\w*[Ss]anitiz\w*\(/,
  constants: new Set(['interpreted_string_literal', 'raw_string_literal', 'int_literal', 'float_literal', 'rune_literal', 'true', 'false', 'nil']),
};
