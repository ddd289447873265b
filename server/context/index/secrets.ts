/**
 * Privacy rules for repository context: files that look like secrets are never read into the
 * index, and strings that look like credentials are redacted from every snippet before it can
 * reach the model server, whichever file they came from.
 */

/** File names (the last path segment) that hold secrets by convention. */
const SECRET_NAMES: readonly RegExp[] = [
  /^\.env($|\.)/i, // .env, .env.local, .env.production …
  /\.(pem|key|p12|pfx|jks|keystore|asc|gpg|kdbx|ovpn)$/i,
  /^id_(rsa|dsa|ecdsa|ed25519)/i,
  /^\.?(netrc|pgpass|npmrc|pypirc|htpasswd|git-credentials)$/i,
  /^credentials?([._-].*)?$/i, // credentials, credentials.json, credential.yaml
  /(^|[._-])secrets?([._-][^/]*)?\.(json|ya?ml|toml|ini|txt|env)$/i,
  /^service[-_]?account.*\.json$/i,
  /^terraform\.tfstate/i,
];

/** Directories whose whole content is secret material. */
const SECRET_DIRS: readonly string[] = ['.ssh', '.gnupg', '.aws', '.docker', '.kube'];

/** Whether a workspace-relative path looks like a secret and so must never be indexed or sent. */
export function isSecretPath(path: string): boolean {
  const segments = path.split(/[\\/]/);
  const name = segments[segments.length - 1] ?? '';
  if (segments.some((segment) => SECRET_DIRS.includes(segment))) return true;
  return SECRET_NAMES.some((pattern) => pattern.test(name));
}

export const REDACTED = '[REDACTED]';

/**
 * Token shapes of well-known providers, plus private-key blocks. Each is specific enough that
 * ordinary code (hashes in tests, UUIDs) is left alone.
 */
const TOKEN_PATTERNS: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, // AWS access key id
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{40,}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/g, // GitLab
  /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g, // Slack
  /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}\b/g, // OpenAI, Anthropic
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google API key
  /\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{16,}\b/g, // Stripe
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/g, // JWT
];

/** `password = "…"`, `apiKey: '…'`, `SECRET_TOKEN := "…"`: a secret-named key with a literal value. */
const ASSIGNED_SECRET =
  /((?:[A-Za-z0-9_]*?)(?:passw(?:or)?d|passwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth)[A-Za-z0-9_]*["']?\s*(?::=|=|:)\s*)(["'`])([^"'`\s]{8,})\2/gi;

/**
 * What every ASSIGNED_SECRET ends with: an assignment of a quoted value of eight characters or more. Most texts
 * have none, and this scan is linear, where ASSIGNED_SECRET's lazy prefix tries each word again from each of its
 * letters: it was a tenth of packing's time on TypeScript classes.
 */
const QUOTED_VALUE = /[=:]\s*(["'`])[^"'`\s]{8,}\1/;

/** URLs with a password in them: `https://user:pass@host`. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]{3,})@/gi;

/** Replaces strings that look like tokens, keys or passwords with `[REDACTED]`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, REDACTED);
  if (QUOTED_VALUE.test(out)) {
    out = out.replace(ASSIGNED_SECRET, (whole, head: string, quote: string, value: string) =>
      looksLikePlaceholder(value) || !looksRandom(value) ? whole : `${head}${quote}${REDACTED}${quote}`,
    );
  }
  if (out.includes('://')) out = out.replace(URL_CREDENTIALS, (_whole, head: string) => `${head}${REDACTED}@`);
  return out;
}

/** Secrets mix letters with digits or run long; `tokenKind = "identifier"` is just a word. */
function looksRandom(value: string): boolean {
  return (/\d/.test(value) && /[A-Za-z]/.test(value)) || value.length >= 24;
}

/** Values that name a secret rather than contain one (`process.env.TOKEN`, `${TOKEN}`, `changeme`). */
function looksLikePlaceholder(value: string): boolean {
  return value === REDACTED || /^\$\{?[A-Z_]+\}?$/.test(value) || /^<[^>]*>$/.test(value) || /^(x+|\*+|changeme|placeholder)$/i.test(value);
}
