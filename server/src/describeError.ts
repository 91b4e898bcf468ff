// One wording for unexpected errors in logs: the stack when there is one.
export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
