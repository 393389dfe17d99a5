// The forestsSynced operator: is every Active Directory forest synchronized with Microsoft Entra ID?
import { judgeEveryItem } from './items.js';
import type { Operator } from './operator.js';

interface Forest {
  name: string;
  synced?: unknown;
}

function readForests(fact: unknown): Forest[] {
  if (!Array.isArray(fact)) throw new TypeError('forestsSynced needs the list of forests');
  for (const forest of fact) {
    if (typeof forest !== 'object' || forest === null || typeof (forest as Forest).name !== 'string') {
      throw new TypeError(`forest ${JSON.stringify(forest)} has no name`);
    }
  }
  return fact as Forest[];
}

/** Forests not shown as synchronized: `synced` false, or not reported. */
function unsynced(forests: readonly Forest[]): string[] {
  return forests
    .filter((forest) => forest.synced !== true)
    .map((forest) =>
      forest.synced === false ? `${forest.name} is not synchronized` : `${forest.name} has no sync state`,
    );
}

/**
 * `forestsSynced`: fact = the organization's forests `{ name, synced? }[]`; value = `true`. True when the list is not
 * empty and every forest has `synced: true`; false when it is empty or a forest has `synced: false`; otherwise
 * (a forest listed without its sync state) undecided, so the outcome is unknown rather than a guess.
 */
export const forestsSynced: Operator = {
  name: 'forestsSynced',
  valueSchema: { const: true, errorMessage: 'takes the value true' },
  compile: () => ({
    // everyItem's logic with the forests' own reading: only `synced: false` fails, anything but true is undecided.
    // A forest listed without its sync state cannot decide: unknown, unless another forest already fails.
    test: (fact) =>
      judgeEveryItem(
        readForests(fact),
        (forest) => (forest.synced === true ? true : forest.synced === false ? false : undefined),
        false,
      ).result,
    explain: (fact) => {
      const forests = readForests(fact);
      if (forests.length === 0) return 'no Active Directory forest is listed';
      const problems = unsynced(forests);
      return problems.length > 0
        ? problems.join(', ')
        : `all ${forests.length} forest${forests.length === 1 ? '' : 's'} synchronized (${forests.map((f) => f.name).join(', ')})`;
    },
  }),
};
