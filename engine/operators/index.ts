// The operator registry: every operator a rule may name, shared by the compiled and reference engines.
import { aipOperators } from './aip-operators.js';
import { allowlistOperators } from './allowlist.js';
import { builtinOperators } from './builtin.js';
import { issuersFromOrganization } from './certificates.js';
import { itemOperators } from './items.js';
import { nsgAllowsOutbound } from './nsg.js';
import type { Operator } from './operator.js';
import { registryValueEquals } from './registry.js';
import { versionClassIn } from './version-class.js';
import { versionOperators } from './versions.js';

export type { CompiledOperator, Operator } from './operator.js';

/** Every operator, by name. Custom operators are registered here, next to json-rules-engine's own. */
export const operators: ReadonlyMap<string, Operator> = new Map(
  [
    ...builtinOperators,
    ...itemOperators,
    registryValueEquals,
    ...versionOperators,
    versionClassIn,
    ...allowlistOperators,
    nsgAllowsOutbound,
    issuersFromOrganization,
    ...aipOperators,
  ].map((operator) => [operator.name, operator]),
);
