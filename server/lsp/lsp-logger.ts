import type { Connection } from 'vscode-languageserver/node';
import { createLogger, type LogLevel, type Logger } from '../util/logger.js';

/** A logger that writes to the editor's log through window/logMessage (stdout carries the protocol). */
export function createLspLogger(connection: Connection, level: () => LogLevel): Logger {
  return createLogger((at, message) => {
    const line = `[ghostline] ${message}`;
    if (at === 'error') connection.console.error(line);
    else if (at === 'warn') connection.console.warn(line);
    else if (at === 'info') connection.console.info(line);
    else connection.console.log(line);
  }, level);
}
