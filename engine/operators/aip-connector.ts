// The rmsConnectorUsed operator: does any on-premises server use the Rights Management connector, as far as is known?
import type { ConnectorUse } from '../snapshot/targets.js';
import type { Operator } from './operator.js';

function readUse(fact: unknown): ConnectorUse {
  if (typeof fact !== 'object' || fact === null) throw new TypeError('rmsConnectorUsed needs inventory.rmsConnector');
  return fact as ConnectorUse;
}

/**
 * `rmsConnectorUsed`: fact = `inventory.rmsConnector`; value = `true`. True when some server states it uses the
 * connector, or the organization says it does. False when the organization says it does not, or when every Exchange,
 * SharePoint and file server states it does not (and there is at least one). Otherwise undecided: a server that does
 * not state its connector use, or an inventory with no such server and no statement, is not evidence of non-use.
 */
export const rmsConnectorUsed: Operator = {
  name: 'rmsConnectorUsed',
  valueSchema: { const: true, errorMessage: 'takes the value true' },
  compile: () => ({ test: decideUse, explain: explainUse }),
};

function decideUse(fact: unknown): boolean | undefined {
  const use = readUse(fact);
  if (use.using > 0 || use.declared === true) return true;
  if (use.declared === false) return false;
  if (use.unstated > 0) return undefined;
  return use.notUsing > 0 ? false : undefined;
}

function explainUse(fact: unknown): string {
  const use = readUse(fact);
  if (use.using > 0) return `${use.using} server(s) use the Rights Management connector`;
  if (use.declared !== undefined) {
    return `the organization states it ${use.declared ? 'uses' : 'does not use'} the Rights Management connector`;
  }
  if (use.unstated > 0) {
    return `whether ${use.unstated} Exchange, SharePoint or file server(s) use the Rights Management connector (server rmsConnector.inUse)`;
  }
  if (use.notUsing > 0)
    return `all ${use.notUsing} Exchange, SharePoint and file server(s) state they do not use the connector`;
  return 'whether the organization uses the Rights Management connector (no Exchange, SharePoint or file server is listed, and organization.rmsConnector.inUse is not stated)';
}
