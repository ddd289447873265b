/** What fetch and ollama-js errors look like from below: Node's socket codes, found on the error or its causes. */

/** Codes that mean nothing is listening, or the host cannot be found: the server is down, not broken. */
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN', 'ENETUNREACH']);

/** Codes of a connection that died after it was made. */
const CUT_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);

/** The first `code` on the error or its causes (fetch wraps the socket error in `cause`). */
export function causeCode(error: Error): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when the connection was closed under a request or response in progress. */
export function isConnectionCut(error: Error, code = causeCode(error)): boolean {
  return error.message === 'terminated' || (code !== undefined && CUT_CODES.has(code));
}

/** True for the certificate and TLS handshake failures of an https model server. */
export function isTlsError(code: string | undefined): boolean {
  return code !== undefined && (/CERT|SELF_SIGNED|TLS|SSL/.test(code) || code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
}
