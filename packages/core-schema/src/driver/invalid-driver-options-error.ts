/** Raised by a backend's driver factory for an option that cannot work (empty URL, pool size 0, ...). */
export class InvalidDriverOptionsError extends Error {
  readonly code = 'INVALID_DRIVER_OPTIONS' as const;

  constructor(
    /** The option's name, as the factory's options spell it. */
    readonly option: string,
    value: unknown,
    expected: string,
    options: { readonly backend: string; readonly cause?: unknown },
  ) {
    super(
      `invalid ${options.backend} driver option ${option}=${JSON.stringify(value)}: expected ${expected}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'InvalidDriverOptionsError';
  }
}
