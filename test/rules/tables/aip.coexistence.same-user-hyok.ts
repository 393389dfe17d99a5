import { defineRuleTable } from '../rule-tester.js';

interface Services {
  azure?: Record<string, unknown>;
  adRms?: Record<string, unknown>;
  hyok?: boolean;
}
const rms = ({ azure = {}, adRms = {}, hyok }: Services) => ({
  organization: {
    rightsManagement: {
      azureRms: { active: true, protects: { scope: 'all' }, ...azure },
      adRms: { present: true, active: true, protects: { scope: 'all' }, ...adRms },
      ...(hyok === undefined ? {} : { hyok: { inUse: hyok } }),
    },
  },
});

export default defineRuleTable('aip.coexistence.same-user-hyok', [
  {
    name: 'both protect all users, AD RMS for HYOK content alone',
    given: rms({ hyok: true, adRms: { hyokOnly: true } }),
    outcome: 'pass',
  },
  {
    name: 'HYOK in use, but AD RMS also protects other content for the same users',
    given: rms({ hyok: true, adRms: { hyokOnly: false } }),
    outcome: 'fail',
    message: ['adRms.hyokOnly is false', 'both services protect content for all users'],
  },
  {
    name: 'HYOK in use, what else AD RMS protects not stated: unknown',
    given: rms({ hyok: true }),
    outcome: 'unknown',
    message: ['organization.rightsManagement.adRms.hyokOnly'],
  },
  {
    name: 'both protect all users without HYOK',
    given: rms({ hyok: false }),
    outcome: 'fail',
    message: [
      'not known to be used for HYOK content alone (both services protect content for all users',
      'hyok.inUse is false',
      'Make the services exclusive',
      'never during a migration',
    ],
  },
  {
    name: 'a common group without HYOK',
    given: rms({
      azure: { protects: { scope: 'groups', groups: ['SG-AIP-Pilot', 'SG-Finance'] } },
      adRms: { protects: { scope: 'groups', groups: ['sg-finance'] } },
      hyok: false,
    }),
    outcome: 'fail',
    message: ['both services protect content for the groups SG-Finance'],
  },
  {
    name: 'Azure RMS for a group, AD RMS for everyone',
    given: rms({ azure: { protects: { scope: 'groups', groups: ['SG-AIP-Pilot'] } }, hyok: false }),
    outcome: 'fail',
    message: ['one service protects all users, the other the groups SG-AIP-Pilot'],
  },
  {
    name: 'overlap, HYOK state not collected',
    given: rms({}),
    outcome: 'unknown',
    message: ['organization.rightsManagement.hyok.inUse'],
  },
  {
    name: 'scopes not collected, no HYOK',
    given: rms({ azure: { protects: undefined }, hyok: false }),
    outcome: 'unknown',
    message: ['organization.rightsManagement.azureRms.protects'],
  },
  {
    name: 'scopes not collected, but AD RMS is used for HYOK content alone',
    given: rms({ azure: { protects: undefined }, hyok: true, adRms: { hyokOnly: true } }),
    outcome: 'pass',
  },
  {
    name: 'different groups: exclusive, whatever HYOK says',
    given: rms({
      azure: { protects: { scope: 'groups', groups: ['SG-Cloud'] } },
      adRms: { protects: { scope: 'groups', groups: ['SG-OnPrem'] } },
      hyok: false,
    }),
    outcome: 'pass',
  },
  { name: 'AD RMS protects nobody', given: rms({ adRms: { protects: { scope: 'none' } } }), outcome: 'pass' },
  { name: 'AD RMS not active', given: rms({ adRms: { active: false }, hyok: false }), outcome: 'notApplicable' },
  { name: 'Azure RMS not active', given: rms({ azure: { active: false } }), outcome: 'notApplicable' },
]);
