import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createConnection } from 'vscode-languageserver/node';
import { applySettings, defaultSettings } from '../config/settings.js';
import { startServer } from '../lsp/server.js';
import { runComplete } from './complete.js';
import { runDoctor } from './doctor.js';
import { runTask } from './task.js';

const USAGE = `Usage:
  ghostline [--stdio]                 run the language server on stdin/stdout (default)
  ghostline complete FILE:LINE[:COL]  print the completion the server would show there (1-based)
  ghostline doctor                    check the model server, the model and the grammars
  ghostline task "TEXT" --locate-only  rank the files and declarations a task most likely changes (no model call);
                                      --json prints {task, files, declarations}; --root DIR (default: this workspace)
  ghostline --version

Options for complete and doctor:
  --provider NAME     protocol of the model server: ollama (default), openai, llamacpp
  --url URL           model server (default: $OLLAMA_HOST, else http://127.0.0.1:11434);
                      for openai its OpenAI base URL (…/v1), for llamacpp its root
  --model NAME        model name (default: qwen2.5-coder:1.5b-base)
  --template FAMILY   fill-in-the-middle format: auto, qwen, deepseek, codellama, starcoder, codestral, codegemma
  --api-key-env NAME  environment variable that holds the API key (the key itself is never an argument)
  --no-context        complete: send the current file alone, without indexing its workspace
`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      stdio: { type: 'boolean' },
      version: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
      url: { type: 'string' },
      model: { type: 'string' },
      template: { type: 'string' },
      provider: { type: 'string' },
      'api-key-env': { type: 'string' },
      'no-context': { type: 'boolean' },
      'locate-only': { type: 'boolean' },
      json: { type: 'boolean' },
      root: { type: 'string' },
      // Accepted for compatibility with clients that pass them; only stdio is served.
      'clientProcessId': { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`ghostline ${version()}\n`);
    return 0;
  }
  const [command, target] = positionals;
  if (command === undefined) {
    // stdout carries the protocol: a stray console.log from a dependency (ollama-js logs to it on
    // some error responses) would corrupt it, so everything console-ish goes to stderr.
    console.log = console.error;
    console.info = console.error;
    console.debug = console.error;
    startServer(createConnection(process.stdin, process.stdout), { version: version() });
    return -1;
  }
  const { settings, warnings } = applySettings(defaultSettings(), {
    model: { provider: values.provider, url: values.url, name: values.model, template: values.template, apiKeyEnv: values['api-key-env'] },
    ...(values['no-context'] ? { context: { enabled: false } } : {}),
  });
  for (const warning of warnings) process.stderr.write(`ghostline: ${warning}\n`);
  if (command === 'doctor') return runDoctor(settings);
  if (command === 'complete' && target) return runComplete(settings, target);
  if (command === 'task') return runTask(settings, { task: positionals.length > 2 ? undefined : target, root: values.root, locateOnly: values['locate-only'] ?? false, json: values.json ?? false });
  process.stderr.write(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ghostline: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
