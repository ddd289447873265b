/**
 * `--profile-stalls`: what the main thread ran inside each event-loop stall. V8's sampling profiler runs in this
 * process (the inspector, same thread) for the whole replay; afterwards the samples inside a stall's window are
 * summed by function, so a stall made of our code names it, and one made of nothing (the thread asleep or waiting
 * for a core) shows no samples. A sample is taken when the thread runs, so their count is close to its running time.
 */
import { Session } from 'node:inspector';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** What ran in one window: samples in it, and the functions seen most often on the sampled stacks (ours first). */
export interface WindowProfile {
  samples: number;
  /** Samples taken while the thread waited in the event loop for something to do (epoll). */
  idle: number;
  /** `name file:line` with the samples whose stack held it, most first. */
  frames: Array<{ frame: string; samples: number }>;
}

/** Microseconds on V8's profiler clock (the monotonic clock hrtime reads), for a window's bounds. */
export function nowMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Starts sampling every `intervalUs`; `stop()` returns a function that profiles a window [fromUs, toUs]. */
export async function startStallProfile(intervalUs = 250): Promise<{ stop(): Promise<(fromUs: number, toUs: number) => WindowProfile> }> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: intervalUs });
  await post('Profiler.start');
  return {
    async stop() {
      const { profile } = (await post('Profiler.stop')) as { profile: Profile };
      session.disconnect();
      return windowProfiler(profile);
    },
  };
}

function windowProfiler(profile: Profile): (fromUs: number, toUs: number) => WindowProfile {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const times: number[] = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) times.push((t += delta));
  const label = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber + 1}`;
  return (fromUs, toUs) => {
    const counts = new Map<string, number>();
    let samples = 0;
    let idle = 0;
    for (const [i, at] of times.entries()) {
      if (at < fromUs || at > toUs) continue;
      const leaf = nodes.get(profile.samples[i]!);
      if (leaf?.callFrame.functionName === '(idle)') idle++;
      if (!leaf || leaf.callFrame.functionName === '(idle)') continue;
      samples++;
      const seen = new Set<string>();
      for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
        const node = nodes.get(id)!;
        const frame = label(node);
        if (node.callFrame.functionName === '(root)' || seen.has(frame)) continue;
        seen.add(frame);
        counts.set(frame, (counts.get(frame) ?? 0) + 1);
      }
    }
    const frames = [...counts].map(([frame, n]) => ({ frame, samples: n })).sort((a, b) => b.samples - a.samples);
    return { samples, idle, frames };
  };
}

/** The frames worth reading in a window: the server's and the benchmark's own (dist/…), then V8's and Node's, `top` in all. */
export function describeWindow(window: WindowProfile, top = 8): string {
  if (window.samples === 0) return window.idle > 0 ? `${window.idle} samples, all idle (the loop waited in epoll)` : 'no samples (the thread did not run)';
  const ours = window.frames.filter((f) => !f.frame.includes('node:') && !/^\(/.test(f.frame) && f.frame.includes('.js:'));
  const native = window.frames.filter((f) => /^\((garbage collector|program)\)/.test(f.frame));
  const shown = [...native, ...ours.slice(0, top)];
  return `${window.samples} samples${window.idle ? ` (+${window.idle} idle)` : ''}: ${shown.map((f) => `${f.frame} ${f.samples}`).join(', ')}`;
}
