import { afterEach } from 'vitest';

interface Closable {
  close(): Promise<void>;
}

/**
 * Registers an afterEach that closes whatever the returned function was given during the test,
 * so a test file starting several fakes needs no bookkeeping of its own.
 */
export function closedAfterEach(): <T extends Closable>(resource: T) => T {
  const open: Closable[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((resource) => resource.close()));
  });
  return (resource) => {
    open.push(resource);
    return resource;
  };
}
