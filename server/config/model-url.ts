/** Where Ollama listens unless told otherwise: `OLLAMA_HOST` (as Ollama itself reads it), else its default port. */
export function defaultModelUrl(env: NodeJS.ProcessEnv = process.env): string {
  const host = env.OLLAMA_HOST?.trim();
  if (!host) return 'http://127.0.0.1:11434';
  const withScheme = /^https?:\/\//.test(host) ? host : `http://${host}`;
  const url = new URL(withScheme);
  // Ollama accepts OLLAMA_HOST=0.0.0.0 to listen everywhere; a client cannot connect to 0.0.0.0.
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  if (!url.port && !/^https?:\/\//.test(host)) url.port = '11434';
  return url.toString().replace(/\/$/, '');
}
