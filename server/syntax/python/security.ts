import type { SecurityLexicon } from '../security-lexicon.js';

/** Request inputs of Flask, Django and FastAPI-style handlers, path cleaners and constant literals in Python. */
export const PYTHON_SECURITY: SecurityLexicon = {
  requestInput: /\brequest\.(?:args|form|values|json|data|files|cookies|headers|GET|POST|body|query_params|path_params)\b|\bget_json\(|\binput\(/,
  cleaning: /\bos\.path\.basename\(|\bsecure_filename\(|\b\w*[Ss]anitiz\w*\(/,
  constants: new Set(['string', 'integer', 'float', 'true', 'false', 'none', 'concatenated_string']),
};
