/** Log levels, most severe first; a logger drops messages less severe than its level. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

const SEVERITY: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** Passed to every component that logs; never a global, never stdout (stdout carries the protocol). */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

type Sink = (level: LogLevel, message: string) => void;

/** A logger that forwards messages at or above `level()` to a sink. */
export function createLogger(sink: Sink, level: () => LogLevel): Logger {
  const emit = (at: LogLevel) => (message: string) => {
    if (SEVERITY[at] <= SEVERITY[level()]) sink(at, message);
  };
  return { error: emit('error'), warn: emit('warn'), info: emit('info'), debug: emit('debug') };
}

/** For the CLI commands that are not a language server: human-readable lines on stderr. */
export function createStderrLogger(level: LogLevel = 'warn'): Logger {
  return createLogger(
    (at, message) => process.stderr.write(`[${at}] ${message}\n`),
    () => level,
  );
}

/** Discards everything; for tests and benchmarks that do not inspect logs. */
export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };
