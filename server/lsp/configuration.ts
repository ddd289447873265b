import { DidChangeConfigurationNotification, type Connection } from 'vscode-languageserver/node';
import type { Settings } from '../config/schema.js';
import { applySettings, defaultSettings } from '../config/settings.js';
import type { Logger } from '../util/logger.js';
import type { Features } from './features.js';

/**
 * Holds the current settings: defaults, then initializationOptions, then the client's
 * `ghostline` section, re-read whenever the client says the configuration changed.
 */
export class Configuration {
  private current: Settings = defaultSettings();
  private readonly listeners: Array<(next: Settings, previous: Settings) => void> = [];

  constructor(private readonly logger: Logger) {}

  get settings(): Settings {
    return this.current;
  }

  onChange(listener: (next: Settings, previous: Settings) => void): void {
    this.listeners.push(listener);
  }

  /** Applies one batch of user settings; bad fields are named in a warning and keep their previous value. */
  apply(input: unknown, source: string): void {
    const previous = this.current;
    const { settings, warnings } = applySettings(previous, input);
    for (const warning of warnings) this.logger.warn(`${source}: ${warning}`);
    this.current = settings;
    if (JSON.stringify(settings) !== JSON.stringify(previous)) {
      for (const listener of this.listeners) listener(settings, previous);
    }
  }

  /** After `initialized`: pull the client's settings and ask to be told when they change. */
  async start(connection: Connection, features: Features): Promise<void> {
    if (features.configurationRegistration) {
      await connection.client.register(DidChangeConfigurationNotification.type, { section: 'ghostline' });
    }
    await this.pull(connection, features);
  }

  async pull(connection: Connection, features: Features): Promise<void> {
    if (!features.configurationPull) return;
    try {
      const section: unknown = await connection.workspace.getConfiguration('ghostline');
      this.apply(section, 'workspace/configuration');
    } catch (error) {
      this.logger.warn(`could not read the ghostline settings from the client: ${(error as Error).message}`);
    }
  }

  /** workspace/didChangeConfiguration: use the pushed settings when the client sends them, else pull. */
  async changed(connection: Connection, features: Features, pushed: unknown): Promise<void> {
    const section = typeof pushed === 'object' && pushed !== null ? (pushed as Record<string, unknown>).ghostline : undefined;
    if (section !== undefined) this.apply(section, 'didChangeConfiguration');
    else await this.pull(connection, features);
  }
}
