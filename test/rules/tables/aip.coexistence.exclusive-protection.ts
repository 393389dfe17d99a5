import { defineRuleTable } from '../rule-tester.js';

interface Setup {
  onboarding?: boolean;
  readOnly?: boolean;
  state?: string;
  hyok?: boolean;
  hyokOnly?: boolean;
  adRmsActive?: boolean;
}
const org = ({ onboarding, readOnly, state = 'none', hyok = false, hyokOnly, adRmsActive = true }: Setup) => ({
  organization: {
    rightsManagement: {
      azureRms: {
        active: true,
        protects: { scope: 'groups', groups: ['SG-Cloud-Users'] },
        ...(onboarding === undefined ? {} : { onboardingControls: { configured: onboarding } }),
      },
      adRms: {
        present: true,
        active: adRmsActive,
        protects: { scope: 'groups', groups: ['SG-Legacy-Apps'] },
        ...(readOnly === undefined ? {} : { publishUrlReadOnly: readOnly }),
        ...(hyokOnly === undefined ? {} : { hyokOnly }),
      },
      hyok: { inUse: hyok },
      migration: { state },
    },
  },
});

export default defineRuleTable('aip.coexistence.exclusive-protection', [
  {
    name: 'onboarding controls and a read-only publishing URL',
    given: org({ onboarding: true, readOnly: true }),
    outcome: 'pass',
  },
  {
    name: 'after a finished migration',
    given: org({ onboarding: true, readOnly: true, state: 'done' }),
    outcome: 'pass',
  },
  {
    name: 'no onboarding controls',
    given: org({ onboarding: false, readOnly: true }),
    outcome: 'fail',
    message: [
      'organization.rightsManagement.azureRms.onboardingControls.configured is false',
      'Configure Azure RMS onboarding controls',
    ],
  },
  {
    name: 'AD RMS publishing URL writable',
    given: org({ onboarding: true, readOnly: false }),
    outcome: 'fail',
    message: ['organization.rightsManagement.adRms.publishUrlReadOnly is false'],
  },
  {
    name: 'publishing URL ACL not collected',
    given: org({ onboarding: true }),
    outcome: 'unknown',
    message: ['organization.rightsManagement.adRms.publishUrlReadOnly'],
  },
  {
    name: 'a known failure decides even with another fact missing',
    given: org({ onboarding: false }),
    outcome: 'fail',
    message: ['onboardingControls.configured is false'],
  },
  { name: 'during a migration redirection governs', given: org({ state: 'in-progress' }), outcome: 'notApplicable' },
  {
    name: 'AD RMS used for HYOK content alone: the same users may use both',
    given: org({ hyok: true, hyokOnly: true }),
    outcome: 'notApplicable',
  },
  {
    name: 'HYOK in use, but AD RMS protects more than HYOK content: exclusivity still needed',
    given: org({ hyok: true, hyokOnly: false, onboarding: true, readOnly: false }),
    outcome: 'fail',
    message: ['publishUrlReadOnly is false'],
  },
  {
    name: 'HYOK in use, AD RMS protects more than HYOK content, both controls set',
    given: org({ hyok: true, hyokOnly: false, onboarding: true, readOnly: true }),
    outcome: 'pass',
  },
  {
    name: 'HYOK in use, what AD RMS protects not stated: unknown',
    given: org({ hyok: true, onboarding: false, readOnly: false }),
    outcome: 'unknown',
    message: ['organization.rightsManagement.adRms.hyokOnly'],
  },
  { name: 'AD RMS not active', given: org({ adRmsActive: false }), outcome: 'notApplicable' },
]);
