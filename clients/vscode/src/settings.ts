/** The extension's own settings live under `ghostline.server`; the server must not see them. */
export const CLIENT_ONLY_SECTION = 'server';

/** The `ghostline` configuration section as the server should receive it. */
export function serverSettings(section: unknown): unknown {
  if (typeof section !== 'object' || section === null || Array.isArray(section)) return section;
  const { [CLIENT_ONLY_SECTION]: _clientOnly, ...rest } = section as Record<string, unknown>;
  return rest;
}
