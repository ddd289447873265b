import type { SecurityLexicon } from '../security-lexicon.js';

/** Request inputs of Express-like frameworks, path cleaners and constant literals in TS/JS. */
export const ECMA_SECURITY: SecurityLexicon = {
  requestInput: /\b(?:req|request|ctx|c)\.(?:params|query|body|headers|cookies|param|files?)\b|\bsearchParams\.get\(|\bformData\(\)/,
  cleaning: /\bbasename\(|\b\w*[Ss]anitiz\w*\(/,
  constants: new Set(['string', 'number', 'true', 'false', 'null', 'undefined']),
};
