import { defineRuleTable } from '../rule-tester.js';

const android = { id: 'AND-221', platform: 'android', os: { version: '14' } };
const windows = { id: 'WS-0001', platform: 'windows' };
const filtered = (allow: unknown[], devices: { id: string; platform?: string }[] = [android, windows]) => ({
  network: { egress: { unrestricted: false, allow } },
  devices,
});

export default defineRuleTable('aip.network.audit-aria-android', [
  {
    name: 'Android devices and the entry',
    given: filtered([{ host: '*.aria.microsoft.com', ports: [443] }]),
    outcome: 'pass',
  },
  { name: 'a wider *.microsoft.com entry', given: filtered([{ host: '*.microsoft.com' }]), outcome: 'pass' },
  {
    name: 'Android devices without the entry',
    given: filtered([{ host: '*.events.data.microsoft.com', ports: [443] }]),
    outcome: 'fail',
    message: ['has Android devices', 'no allowlist entry covers *.aria.microsoft.com'],
  },
  {
    name: 'aria.microsoft.com alone',
    given: filtered([{ host: 'aria.microsoft.com' }]),
    outcome: 'fail',
    message: ['aria.microsoft.com does not cover subdomains'],
  },
  {
    name: 'Android devices, filtering unknown',
    given: { network: { egress: { allow: [] } }, devices: [android] },
    outcome: 'unknown',
    message: ['network.egress.unrestricted'],
  },
  {
    name: 'devices collected, none is Android',
    given: filtered([], [windows]),
    outcome: 'notApplicable',
    message: ['include no Android device'],
  },
  {
    name: 'no devices collected at all: Android presence is not known',
    given: filtered([], []),
    outcome: 'unknown',
    message: ['whether there are android devices (no device was collected)'],
  },
  {
    name: 'a device without a platform could be Android: unknown',
    given: filtered([], [windows, { id: 'DEV-9' }]),
    outcome: 'unknown',
    message: ['1 device(s) have no platform'],
  },
  {
    name: 'no devices collected, but the entry is there: still unknown (the rule may not apply)',
    given: filtered([{ host: '*.aria.microsoft.com', ports: [443] }], []),
    outcome: 'unknown',
  },
  {
    name: 'Android devices but unrestricted egress',
    given: { network: { egress: { unrestricted: true } }, devices: [android] },
    outcome: 'notApplicable',
  },
]);
