import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Settings } from '../config/schema.js';
import { applySettings, defaultSettings } from '../config/settings.js';
import { argumentError, flagSettings, modelFlagProblems } from './arguments.js';
import { locateOnlyConflict, TASK_OPTIONS } from './task-options.js';

const VERBS = ['complete', 'doctor', 'task', 'ask', 'mcp', 'stats'];

const USAGE = `Usage:
  ghostline [--stdio]                 run the language server on stdin/stdout (default)
  ghostline complete FILE:LINE[:COL]  print the completion the server would show there (1-based)
  ghostline doctor                    check the model server, the model and the grammars
  ghostline task "TEXT" [--root DIR] [--apply] [--commit] [--json] [--test-cmd CMD]
                                      a task in words to a verified patch (dry run by default);
                                      --rerank: the action model reorders the files found by their outlines;
                                      --embed-model NAME: that embedding model's vectors also seed the search
  ghostline ask "QUESTION"            answer a question about the workspace, citing path:line
  ghostline mcp                       serve the workspace index to an MCP client on stdin/stdout
  ghostline stats [--since 7d] [--json]  suggestions shown and accepted in your editors (local file)
  ghostline task "TEXT" --locate-only  rank the files and declarations a task most likely changes (no model call);
                                      --json prints {task, files, declarations}; --root DIR (default: this workspace)
  ghostline --version
  ghostline --help

Options for complete and doctor:
  --provider NAME     protocol of the model server: ollama (default), openai, llamacpp
  --url URL           model server (default: $OLLAMA_HOST, else http://127.0.0.1:11434);
                      for openai its OpenAI base URL (…/v1), for llamacpp its root
  --model NAME        model name (default: qwen2.5-coder:1.5b-base)
  --template FAMILY   fill-in-the-middle format: auto, qwen, deepseek, codellama, starcoder, codestral, codegemma
  --api-key-env NAME  environment variable that holds the API key (the key itself is never an argument)
  --action-model NAME doctor: instruct model for code actions and hover (default: qwen2.5-coder:7b-instruct)
  --action-url URL    doctor: its server, when not the one of --url
  --embed-model NAME  doctor, task: embedding model whose vectors also seed a task's localization (off by default)
  --no-context        complete: send the current file alone, without indexing its workspace
  --timeout SECONDS   complete: give up after this long (default 60: the first request may load the model)

Options for ask and mcp:
  --root DIR          the workspace (default: the current folder)
  --json              ask: print {answer, citations, context} as JSON
  --session NAME      ask: continue the conversation NAME (kept per workspace in the cache folder)
`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** A mistake on the command line: said on one line, exit 2, no stack trace. */
class UsageError extends Error {}

const OPTIONS = {
  stdio: { type: 'boolean' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
  url: { type: 'string' },
  model: { type: 'string' },
  template: { type: 'string' },
  provider: { type: 'string' },
  'api-key-env': { type: 'string' },
  'action-model': { type: 'string' },
  'action-url': { type: 'string' },
  'no-context': { type: 'boolean' },
  ...TASK_OPTIONS,
  session: { type: 'string' },
  timeout: { type: 'string' },
  since: { type: 'string' },
  // Accepted for compatibility with clients that pass them; only stdio is served.
  clientProcessId: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`ghostline ${version()}\n`);
    return 0;
  }
  const [command, target] = positionals;
  if (command === undefined) return serveStdio();
  if (!VERBS.includes(command)) throw new UsageError(`unknown command "${command}"; expected one of: ${VERBS.join(', ')}`);
  if (command === 'complete' && !target) throw new UsageError('complete needs a target: ghostline complete FILE:LINE[:COL]');
  const problems = modelFlagProblems(values);
  if (problems.length) throw new UsageError(problems.join('\n'));
  const { settings, warnings } = applySettings(defaultSettings(), {
    ...flagSettings(values),
    ...(values['no-context'] ? { context: { enabled: false } } : {}),
  });
  for (const warning of warnings) process.stderr.write(`ghostline: ${warning}\n`);
  return runVerb({ command, positionals, values, settings });
}

/**
 * Runs one CLI verb on the parsed flags, loading only that verb's modules: the language server's
 * protocol stack and the MCP SDK took a noticeable share of a one-shot command's start-up.
 */
async function runVerb({ command, positionals, values, settings }: { command: string; positionals: string[]; values: Values; settings: Settings }): Promise<number> {
  const target = positionals[1];
  if (command === 'doctor') return (await import('./doctor.js')).runDoctor(settings);
  if (command === 'stats') return (await import('./stats.js')).runStats(settings, { since: values.since, json: values.json });
  const conflict = command === 'task' ? locateOnlyConflict(values) : undefined;
  if (conflict) {
    process.stderr.write(`ghostline: ${conflict}\n`);
    return 2;
  }
  if (command === 'task' && values['locate-only'])
    return (await import('./task.js')).runLocateOnly(settings, { task: positionals.length > 2 ? undefined : target, root: values.root, json: values.json ?? false });
  if (command === 'task') return (await import('./task-run.js')).runTaskCommand(settings, { words: positionals.slice(1), flags: values });
  if (command === 'mcp') return (await import('./mcp.js')).runMcp(settings, values.root ?? process.cwd(), version());
  if (command === 'ask') {
    const question = positionals.slice(1).join(' ');
    return (await import('./ask.js')).runAsk(settings, { question, root: values.root ?? process.cwd(), json: values.json ?? false, session: values.session });
  }
  const timeoutMs = timeoutOption(values.timeout);
  return (await import('./complete.js')).runComplete(settings, target!, { timeoutMs });
}

/** Serves LSP over stdin/stdout; -1 tells the caller the process stays up for the editor. */
async function serveStdio(): Promise<number> {
  // stdout carries the protocol: a stray console.log from a dependency (ollama-js logs to it on
  // some error responses) would corrupt it, so everything console-ish goes to stderr.
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
  // Someone who typed `ghostline` in a terminal would otherwise face silence.
  if (process.stdin.isTTY) process.stderr.write('ghostline: language server waiting for an editor on stdin (Ctrl-C to quit; `ghostline --help` for the commands)\n');
  const [{ createConnection }, { startServer }, { FramedOutput }] = await Promise.all([
    import('vscode-languageserver/node'),
    import('../lsp/server.js'),
    import('../lsp/framed-output.js'),
  ]);
  startServer(createConnection(process.stdin, new FramedOutput(process.stdout)), { version: version() });
  return -1;
}

/** `--timeout SECONDS` in milliseconds, or undefined for the default. */
function timeoutOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout ${JSON.stringify(value)}: expected a number of seconds above 0`);
  return Math.round(seconds * 1000);
}

/** The exit code and the lines to print for an error that escaped a command. */
function failure(error: unknown): { code: number; text: string } {
  const usage = error instanceof UsageError ? error.message : argumentError(error);
  if (usage !== undefined) {
    return {
      code: 2,
      text:
        usage
          .split('\n')
          .map((line) => `ghostline: ${line}\n`)
          .join('') + 'ghostline: see `ghostline --help`\n',
    };
  }
  return { code: 1, text: `ghostline: ${(error as Error).stack ?? String(error)}\n` };
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    const { code, text } = failure(error);
    process.stderr.write(text);
    process.exitCode = code;
  },
);
