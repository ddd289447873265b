import { ResponseError } from 'vscode-languageserver/node';
import { describe, expect, it } from 'vitest';
import { ShutdownGuard } from '../../server/lsp/shutdown-guard.js';
import { silentLogger } from '../../server/util/logger.js';

function guarded(limitMs: number) {
  const warnings: string[] = [];
  const guard = new ShutdownGuard({ ...silentLogger, warn: (message) => warnings.push(message) }, limitMs);
  return { guard, warnings };
}

describe('the shutdown request', () => {
  it('is answered after the cleanup, which runs once; later requests are refused', async () => {
    const { guard, warnings } = guarded(1000);
    const parts: string[] = [];
    const shutdown = guard.shutdown(async (stage) => {
      stage('the index');
      parts.push('cleaned');
    });
    expect(await shutdown()).toBeUndefined();
    expect(parts).toEqual(['cleaned']);
    expect(guard.isShutDown).toBe(true);
    expect(await shutdown()).toBeInstanceOf(ResponseError);
    expect(guard.guard(() => 'ran')()).toBeInstanceOf(ResponseError);
    expect(warnings).toEqual([]);
  });

  it('is answered when the cleanup never ends, naming the part it was stopping', async () => {
    const { guard, warnings } = guarded(50);
    const shutdown = guard.shutdown((stage) => {
      stage('completions');
      stage('the syntax worker');
      return new Promise<void>(() => undefined);
    });
    expect(await shutdown()).toBeUndefined();
    expect(warnings).toEqual(['shutdown: stopping the syntax worker took over 50 ms; answering shutdown without waiting for the rest']);
  });

  it('is answered when the cleanup fails, and the failure is logged', async () => {
    const { guard, warnings } = guarded(1000);
    const shutdown = guard.shutdown(async (stage) => {
      stage('the usage statistics');
      throw new Error('disk full');
    });
    expect(await shutdown()).toBeUndefined();
    expect(warnings).toEqual(['shutdown: stopping the usage statistics failed: disk full']);
  });
});
