import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { commands, workspace, type ExtensionContext } from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { resolveServerCommand } from './server-command.js';
import { serverSettings } from './settings.js';

const LANGUAGES = ['go', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python'];

let client: LanguageClient | undefined;

function createClient(context: ExtensionContext): LanguageClient {
  const config = workspace.getConfiguration('ghostline.server');
  const server = resolveServerCommand({
    configuredPath: config.get<string>('path', ''),
    node: config.get<string>('node', 'node'),
    extensionPath: context.extensionPath,
    home: homedir(),
    exists: existsSync,
  });
  const serverOptions: ServerOptions = { command: server.command, args: server.args, transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    middleware: {
      workspace: {
        // The server pulls the `ghostline` section; hand it over without the extension's own settings.
        configuration: async (params, token, next) => {
          const values = await next(params, token);
          if (!Array.isArray(values)) return values;
          return values.map((value, i) => (params.items[i]?.section === 'ghostline' ? serverSettings(value) : value));
        },
        // Pushing the section would include the extension's own settings: tell the server to pull instead.
        didChangeConfiguration: (_sections, next) => next(undefined),
      },
    },
  };
  const created = new LanguageClient('ghostline', 'Ghostline', serverOptions, clientOptions);
  created.info(`server: ${[server.command, ...server.args, '--stdio'].join(' ')} (from ${server.source})`);
  return created;
}

async function restart(context: ExtensionContext): Promise<void> {
  await client?.stop();
  client = createClient(context);
  await client.start();
}

/** Starts the server when a Go, TypeScript, JavaScript or Python file opens (see activationEvents). */
export async function activate(context: ExtensionContext): Promise<void> {
  context.subscriptions.push(
    commands.registerCommand('ghostline.restart', () => restart(context)),
    commands.registerCommand('ghostline.showLog', () => client?.outputChannel.show()),
    workspace.onDidChangeConfiguration((event) => {
      // How the server is started only matters at start; everything else the server re-reads.
      if (event.affectsConfiguration('ghostline.server')) void restart(context);
    }),
    { dispose: () => void client?.stop() },
  );
  client = createClient(context);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
