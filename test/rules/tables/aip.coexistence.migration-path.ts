import { defineRuleTable } from '../rule-tester.js';

const migration = (fields: Record<string, unknown>) => ({ organization: { rightsManagement: { migration: fields } } });

export default defineRuleTable('aip.coexistence.migration-path', [
  {
    name: 'AD RMS to Azure Information Protection',
    given: migration({ state: 'in-progress', direction: 'adrms-to-azure' }),
    outcome: 'pass',
  },
  {
    name: 'Azure Information Protection to AD RMS',
    given: migration({ state: 'in-progress', direction: 'azure-to-adrms' }),
    outcome: 'pass',
  },
  {
    name: 'a third-party service to Azure',
    given: migration({ state: 'in-progress', direction: 'thirdparty-to-azure' }),
    outcome: 'fail',
    message: ['runs thirdparty-to-azure, which is not a supported migration path'],
  },
  {
    name: 'AD RMS to another AD RMS cluster',
    given: migration({ state: 'in-progress', direction: 'adrms-to-adrms' }),
    outcome: 'fail',
    message: ['adrms-to-adrms'],
  },
  {
    name: 'direction not collected',
    given: migration({ state: 'in-progress' }),
    outcome: 'unknown',
    message: ['organization.rightsManagement.migration.direction'],
  },
  { name: 'state not collected', given: migration({ direction: 'thirdparty-to-azure' }), outcome: 'unknown' },
  { name: 'no migration', given: migration({ state: 'none' }), outcome: 'notApplicable' },
  {
    name: 'a finished migration is history',
    given: migration({ state: 'done', direction: 'thirdparty-to-azure' }),
    outcome: 'notApplicable',
  },
]);
