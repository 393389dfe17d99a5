import { defineRuleTable } from '../rule-tester.js';

const migration = (fields: Record<string, unknown>) => ({ organization: { rightsManagement: { migration: fields } } });
const toAzure = { direction: 'adrms-to-azure' };

export default defineRuleTable('aip.coexistence.migration-redirection', [
  {
    name: 'migrating with redirection',
    given: migration({ ...toAzure, state: 'in-progress', redirectionConfigured: true }),
    outcome: 'pass',
  },
  {
    name: 'finished, redirection kept',
    given: migration({ ...toAzure, state: 'done', redirectionConfigured: true }),
    outcome: 'pass',
  },
  {
    name: 'migrating without redirection',
    given: migration({ ...toAzure, state: 'in-progress', redirectionConfigured: false }),
    outcome: 'fail',
    message: ['migration (in-progress) has no client redirection', 'Configure redirection to Azure RMS'],
  },
  {
    name: 'finished, redirection removed',
    given: migration({ ...toAzure, state: 'done', redirectionConfigured: false }),
    outcome: 'fail',
    message: ['(done)'],
  },
  {
    name: 'redirection not collected',
    given: migration({ ...toAzure, state: 'in-progress' }),
    outcome: 'unknown',
    message: ['organization.rightsManagement.migration.redirectionConfigured'],
  },
  {
    name: 'direction not collected',
    given: migration({ state: 'in-progress', redirectionConfigured: false }),
    outcome: 'unknown',
    message: ['organization.rightsManagement.migration.direction'],
  },
  {
    name: 'a migration back to AD RMS needs no redirection to Azure',
    given: migration({ state: 'in-progress', direction: 'azure-to-adrms', redirectionConfigured: false }),
    outcome: 'notApplicable',
  },
  { name: 'no migration', given: migration({ state: 'none', direction: 'adrms-to-azure' }), outcome: 'notApplicable' },
]);
