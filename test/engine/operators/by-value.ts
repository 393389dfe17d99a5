// Test helper: an operator's compiled functions called with (fact, value), so a table row holds both.
import { compileSchema } from '../../../engine/load/validate.js';
import type { Operator } from '../../../engine/operators/operator.js';

/** An operator as table tests call it: compile the row's value, then ask about the row's fact. */
export interface ByValue {
  test(fact: unknown, value: unknown): boolean | undefined;
  explain(fact: unknown, value: unknown): string | undefined;
  evidence(fact: unknown, value: unknown): unknown;
  /** What is wrong with a literal value: its value schema's first worded error, or what compiling it threw. */
  valueProblem(value: unknown): string | undefined;
}

export function byValue(operator: Operator | undefined): ByValue {
  if (!operator) throw new Error('operator is not registered');
  const check = compileSchema(operator.valueSchema);
  return {
    test: (fact, value) => operator.compile(value).test(fact),
    explain: (fact, value) => operator.compile(value).explain?.(fact),
    evidence: (fact, value) => operator.compile(value).evidence?.(fact),
    valueProblem: (value) => {
      const [problem] = check(value, 'value', () => ({ line: 1, column: 1 }));
      if (problem) return problem.message;
      try {
        operator.compile(value);
        return undefined;
      } catch (error) {
        const message = (error as Error).message;
        const named = message.startsWith(`${operator.name}:`) || message.startsWith(`${operator.name} `);
        return named ? message.slice(operator.name.length + 1).trimStart() : message;
      }
    },
  };
}
