import type { CancellationToken } from 'vscode-languageserver';

/** Turns an LSP cancellation token into an AbortSignal that can travel down to fetch(). */
export function signalFromToken(token: CancellationToken | undefined): AbortSignal {
  const controller = new AbortController();
  if (!token) return controller.signal;
  if (token.isCancellationRequested) {
    controller.abort(new DOMException('cancelled by the client', 'AbortError'));
    return controller.signal;
  }
  const subscription = token.onCancellationRequested(() => {
    subscription.dispose();
    controller.abort(new DOMException('cancelled by the client', 'AbortError'));
  });
  return controller.signal;
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** True for the errors an aborted fetch, stream or sleep throws. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('aborted', 'AbortError');
}

/** True once `work` settles (resolved or rejected), false if `ms` pass first; `work` goes on either way. */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
