/** What a hard-coded secret looks like: a credential-like name bound to a literal, or a literal in a known key format. */

const CREDENTIAL_NAME =
  /(?:^|_)(?:password|passwd|pwd|passphrase|secret|token|apikey|credentials?|(?:api|secret|private|access|auth|signing|encryption|master|client)_key|client_secret)$/;
const KEY_FORMATS: ReadonlyArray<[RegExp, string]> = [
  [/AKIA[0-9A-Z]{16}/, 'an AWS access key'],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}/, 'a GitHub token'],
  [/\bsk-[A-Za-z0-9_-]{20,}/, 'an API secret key'],
  [/\b[rs]k_live_[0-9a-zA-Z]{16,}/, 'a Stripe live key'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\bAIza[0-9A-Za-z_-]{35}/, 'a Google API key'],
  [/-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/, 'a private key'],
  [/\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\./, 'a JSON web token'],
];

/**
 * CREDENTIAL_NAME read in lower-case code instead of a name's words: what joined two words (`_`) is any run
 * of separators there (none at a camelCase boundary), and after the last word comes no letter or digit.
 * Every name `isCredentialName` accepts holds a match, so code without one binds no secret to a name.
 */
const CREDENTIAL_HINT = new RegExp(
  CREDENTIAL_NAME.source
    .replace(/^\(\?:\^\|_\)/, '')
    .replace(/\$$/, '(?![a-z0-9])')
    .replaceAll('_', '[^a-z0-9]*'),
);
/** The key formats in one regex, without their word boundaries: a format found in a literal is found in any text around it. */
const KEY_FORMAT_HINT = new RegExp(KEY_FORMATS.map(([pattern]) => `(?:${pattern.source.replaceAll('\\b', '')})`).join('|'));

/** False only when `code` holds no secret a security query could flag: neither a credential-like name nor a key format. */
export function mayHoldSecret(code: string): boolean {
  return CREDENTIAL_HINT.test(code.toLowerCase()) || KEY_FORMAT_HINT.test(code);
}

/** What kind of key `content` (a literal's text) is, when it is in a known key format. */
export function keyFormatOf(content: string): string | undefined {
  return KEY_FORMATS.find(([pattern]) => pattern.test(content))?.[1];
}

export function isCredentialName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return CREDENTIAL_NAME.test(words.join('_'));
}

/** A value someone would actually log in with: not empty, not a sentence, not an env var name or a mask. */
export function looksLikeSecret(value: string): boolean {
  if (value.length < 4 || /\s/.test(value)) return false;
  if (/^[A-Z][A-Z0-9_]*$/.test(value)) return false;
  if (/^(.)\1*$/.test(value) || /^<.*>$/.test(value) || /\$\{|\{\{/.test(value)) return false;
  return true;
}
