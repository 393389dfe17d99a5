// checkValue helper: turns a validation that throws into the problem text the rule compiler reports.

/**
 * Runs `validate` and returns undefined, or the message of what it threw without a leading operator
 * name: the compiler prints problems as `<operator>: <problem>` already.
 */
export function problemOf(name: string, validate: () => unknown): string | undefined {
  try {
    validate();
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.startsWith(`${name} `) || message.startsWith(`${name}:`)
      ? message.slice(name.length + 1).trimStart()
      : message;
  }
}
