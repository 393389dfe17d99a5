import { defineRuleTable } from '../rule-tester.js';

const connectorServer = { id: 'rmscon01.corp.contoso.com', role: 'file-server', rmsConnector: { inUse: true } };
const withSync = (directorySync: Record<string, unknown>, servers: unknown[] = [connectorServer]) => ({
  organization: { directorySync },
  servers: servers as { id: string }[],
});
const corp = { name: 'corp.contoso.com', synced: true };

export default defineRuleTable('aip.connector.directory-sync', [
  { name: 'one forest, synchronized', given: withSync({ enabled: true, forests: [corp] }), outcome: 'pass' },
  {
    name: 'two forests, both synchronized',
    given: withSync({ enabled: true, forests: [corp, { name: 'emea.fabrikam.com', synced: true }] }),
    outcome: 'pass',
  },
  {
    name: 'a second forest not synchronized',
    given: withSync({ enabled: true, forests: [corp, { name: 'emea.fabrikam.com', synced: false }] }),
    outcome: 'fail',
    message: [
      '1 server(s) use the Rights Management connector',
      'emea.fabrikam.com is not synchronized',
      'Synchronize every forest',
    ],
  },
  {
    name: 'a listed forest without a sync state is unknown',
    given: withSync({ enabled: true, forests: [corp, { name: 'lab.contoso.com' }] }),
    outcome: 'unknown',
    message: ['lab.contoso.com has no sync state'],
  },
  {
    name: 'directory synchronization disabled',
    given: withSync({ enabled: false, forests: [corp] }),
    outcome: 'fail',
    message: ['organization.directorySync.enabled is false'],
  },
  {
    name: 'no forest listed',
    given: withSync({ enabled: true, forests: [] }),
    outcome: 'fail',
    message: ['no Active Directory forest is listed'],
  },
  {
    name: 'forest list not collected',
    given: withSync({ enabled: true }),
    outcome: 'unknown',
    message: ['organization.directorySync.forests'],
  },
  {
    name: 'no server uses the connector',
    given: withSync({ enabled: false }, [{ ...connectorServer, rmsConnector: { inUse: false } }]),
    outcome: 'notApplicable',
  },
  {
    name: 'no servers at all, nothing stated: connector use is not known',
    given: withSync({ enabled: false }, []),
    outcome: 'unknown',
    message: ['no Exchange, SharePoint or file server is listed', 'organization.rmsConnector.inUse'],
  },
  {
    name: 'no servers, and the organization states it does not use the connector',
    given: { organization: { directorySync: { enabled: false }, rmsConnector: { inUse: false } }, servers: [] },
    outcome: 'notApplicable',
  },
  {
    name: 'no servers listed, but the organization states it uses the connector',
    given: {
      organization: {
        directorySync: { enabled: true, forests: [corp, { name: 'emea.fabrikam.com', synced: false }] },
        rmsConnector: { inUse: true },
      },
      servers: [],
    },
    outcome: 'fail',
    message: ['emea.fabrikam.com is not synchronized'],
  },
  {
    name: 'an Exchange server does not state its connector use and a forest is unsynchronized',
    given: withSync({ enabled: true, forests: [corp, { name: 'emea.fabrikam.com', synced: false }] }, [
      { id: 'exch01.corp.contoso.com', role: 'exchange' },
      { id: 'sp01.corp.contoso.com', role: 'sharepoint', rmsConnector: { inUse: false } },
    ]),
    outcome: 'unknown',
    message: ['whether 1 Exchange, SharePoint or file server(s) use the Rights Management connector'],
  },
  {
    name: 'every Exchange, SharePoint and file server states it does not use the connector',
    given: withSync({ enabled: true, forests: [{ name: 'emea.fabrikam.com', synced: false }] }, [
      { id: 'exch01.corp.contoso.com', role: 'exchange', rmsConnector: { inUse: false } },
      { id: 'fs01.corp.contoso.com', role: 'file-server', rmsConnector: { inUse: false } },
    ]),
    outcome: 'notApplicable',
    message: ['states that no server uses'],
  },
  {
    name: 'one server uses the connector though another does not state its use: the rule applies',
    given: withSync({ enabled: true, forests: [corp] }, [
      connectorServer,
      { id: 'exch01.corp.contoso.com', role: 'exchange' },
    ]),
    outcome: 'pass',
  },
]);
