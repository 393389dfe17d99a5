// The AIP rule pack's own operators, registered in one place so the registry edit stays one line.
import { rmsConnectorUsed } from './aip-connector.js';
import { forestsSynced } from './aip-forests.js';
import { platformPresent } from './aip-platforms.js';
import { protectsSameUsers } from './aip-protect-scopes.js';
import { tlsMinimumEnabled } from './aip-tls.js';
import { windowsKindIs } from './aip-windows-kind.js';
import type { Operator } from './operator.js';

/** Operators of the AIP pack's own domain: TLS state, OS kind, coexistence, sync, connector use, platforms. */
export const aipOperators: readonly Operator[] = [
  forestsSynced,
  platformPresent,
  protectsSameUsers,
  rmsConnectorUsed,
  tlsMinimumEnabled,
  windowsKindIs,
];
