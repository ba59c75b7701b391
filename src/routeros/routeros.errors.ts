/** Thrown by the command builder when a value does not pass the grammar or its range. */
export class CommandRejectedError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    // The rejected value is left out on purpose: it may be hostile and end up in logs.
    super(`command rejected: ${field} ${reason}`);
    this.name = 'CommandRejectedError';
  }
}

/** Thrown when device output holds none of the lines a result needs (maps to MIKROTIK_COMMAND_FAILED). */
export class UnparseableOutputError extends Error {
  constructor(readonly what: string) {
    super(`unparseable output: ${what}`);
    this.name = 'UnparseableOutputError';
  }
}
