/**
 * A scripted stand-in for a Tabby server on 127.0.0.1, for the peers benchmark: the four endpoints
 * tabby-agent 1.5.0 calls, with the same reply queue, latency and request recording as the model
 * fakes in test/support, so both servers under test meet the same scripted model.
 */
import { performance } from 'node:perf_hooks';
import {
  FakeHttpServer,
  isRecord,
  sendJson,
  sleepUntil,
  str,
  type BaseReply,
  type Exchange,
  type FakeServer,
  type Latency,
  type RecordedRequest,
} from '../../test/support/fake-http.js';

export interface FakeTabby extends FakeServer<BaseReply> {
  /** The POST /v1/completions requests: the ones that reach the model. */
  generateRequests(): RecordedRequest[];
}

/** What /v1/health reports; tabby-agent needs `model` and `device` to call the server healthy. */
const HEALTH = {
  model: 'TabbyML/StarCoder-1B',
  device: 'cpu',
  arch: 'x86_64',
  cpu_info: 'scripted',
  cpu_count: 2,
  cuda_devices: [],
  version: { build_date: '2024-01-01', build_timestamp: '2024-01-01T00:00:00Z', git_sha: '0000000', git_describe: 'v0.0.0-fake' },
};

/** Starts a fake Tabby server with a random port. */
export async function startFakeTabby(options: { latency?: Partial<Latency> } = {}): Promise<FakeTabby> {
  const fake = new FakeTabbyServer(options.latency);
  await fake.start();
  return fake;
}

class FakeTabbyServer extends FakeHttpServer<BaseReply> implements FakeTabby {
  constructor(latency?: Partial<Latency>) {
    super('fake-tabby', { text: 'fake completion' }, latency);
  }

  generateRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/v1/completions');
  }

  protected async route(x: Exchange): Promise<void> {
    switch (`${x.record.method} ${x.record.path}`) {
      case 'GET /v1/health':
      case 'POST /v1/health':
        return sendJson(x.res, 200, HEALTH);
      case 'POST /v1/completions':
        return this.complete(x);
      case 'POST /v1/events':
        x.res.writeHead(200).end();
        return undefined;
      default:
        // /v1beta/server_setting among them: a 404 is what an older Tabby answers, and the agent tolerates it.
        return sendJson(x.res, 404, { error: 'not found' });
    }
  }

  /** Not streamed: the whole answer after the scripted time (ttft, plus perTokenMs per chunk after the first). */
  private async complete(x: Exchange): Promise<void> {
    const body = isRecord(x.record.body) ? x.record.body : {};
    const segments = isRecord(body['segments']) ? body['segments'] : {};
    if (str(segments['prefix']) === undefined) return sendJson(x.res, 422, { error: 'segments.prefix is required' });
    const reply = this.takeReply(x.record);
    const chunks = reply.chunks ?? [reply.text ?? ''];
    const ms = (reply.ttftMs ?? this.latency.ttftMs) + Math.max(0, chunks.length - 1) * (reply.perTokenMs ?? this.latency.perTokenMs);
    // Timed from the whole request read, kept punctually as the Ollama fake keeps it: both servers' overheads subtract the same scripted time.
    const startedAt = performance.now();
    await this.generating(x, async () => {
      if (!(await sleepUntil(startedAt + ms, x.signal))) return;
      x.record.firstTokenAt = performance.now();
      sendJson(x.res, 200, { id: `cmpl-${x.record.id}`, choices: [{ index: 0, text: chunks.join('') }] });
    });
    return undefined;
  }
}
