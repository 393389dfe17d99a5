import { defineRuleTable } from '../rule-tester.js';

const org = (migration: Record<string, unknown> | undefined, hyok?: boolean, adRmsActive = true) => ({
  organization: {
    rightsManagement: {
      azureRms: { active: true },
      adRms: { present: true, active: adRmsActive },
      ...(hyok === undefined ? {} : { hyok: { inUse: hyok } }),
      ...(migration ? { migration } : {}),
    },
  },
});
const migrating = { state: 'in-progress', direction: 'adrms-to-azure', redirectionConfigured: true };

export default defineRuleTable('aip.coexistence.migration-side-by-side', [
  { name: 'migrating without HYOK', given: org(migrating, false), outcome: 'pass' },
  { name: 'HYOK configured but AD RMS no longer active', given: org(migrating, true, false), outcome: 'pass' },
  {
    name: 'migrating while AD RMS serves HYOK side by side',
    given: org(migrating, true),
    outcome: 'fail',
    message: ['A migration (adrms-to-azure) is in progress', 'side by side with HYOK', 'Finish the migration first'],
  },
  {
    name: 'migrating, HYOK state not collected',
    given: org(migrating),
    outcome: 'unknown',
    message: ['organization.rightsManagement.hyok.inUse'],
  },
  {
    name: 'migration state not collected',
    given: org(undefined, true),
    outcome: 'unknown',
    message: ['organization.rightsManagement.migration.state'],
  },
  { name: 'no migration', given: org({ state: 'none' }, true), outcome: 'notApplicable' },
  {
    name: 'a finished migration',
    given: org({ state: 'done', direction: 'adrms-to-azure' }, true),
    outcome: 'notApplicable',
  },
]);
