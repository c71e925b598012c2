/** What a {@link SanitizedError} keeps of the error it stands for. */
export interface SanitizedErrorOptions {
  readonly name: string;
  readonly code?: string;
  readonly sqlstate?: string;
  readonly syscall?: string;
  readonly cause?: unknown;
  /** The original's stack, whose call frames (not its message lines) are kept. */
  readonly stack?: string;
}

/** The call-frame lines of a stack (no message, no Drizzle "cause:" text, which repeat the statement). */
export function stackFrames(stack: string | undefined): string {
  return (stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}

/**
 * A copy of a driver's or library's error for a `cause` chain: its name, `code` (the SQLSTATE for a
 * database error, so classifiers that walk the chain still work), `sqlstate`, `syscall`, a redacted
 * message and its call frames; never the statement, bound values, detail or context.
 */
export class SanitizedError extends Error {
  readonly code: string | undefined;
  readonly sqlstate: string | undefined;
  readonly syscall: string | undefined;

  constructor(message: string, options: SanitizedErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = options.name;
    this.code = options.code;
    this.sqlstate = options.sqlstate;
    this.syscall = options.syscall;
    const frames = stackFrames(options.stack);
    if (frames) this.stack = `${this.name}: ${message}\n${frames}`;
  }
}
