// The AIP rule pack's own operators, registered in one place so the registry edit stays one line.
import { rmsConnectorUsed } from './aip-connector.js';
import { forestsSynced } from './aip-forests.js';
import { platformPresent } from './aip-platforms.js';
import { protectsSameUsers } from './aip-protect-scopes.js';
import { registryValueEquals } from './aip-registry.js';
import { tlsMinimumEnabled } from './aip-tls.js';
import { windowsKindIs } from './aip-windows-kind.js';
import type { Operator } from './operator.js';

/** Operators the AIP pack needs beyond the generic ones: registry values, TLS state, OS kind, coexistence, sync. */
export const aipOperators: readonly Operator[] = [
  forestsSynced,
  platformPresent,
  protectsSameUsers,
  registryValueEquals,
  rmsConnectorUsed,
  tlsMinimumEnabled,
  windowsKindIs,
];
