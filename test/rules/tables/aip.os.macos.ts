import { deviceOn } from '../helpers/devices.js';
import { defineRuleTable } from '../rule-tester.js';

const mac = (version?: string) => deviceOn('macos', version, 'MBP-JSMITH');

export default defineRuleTable('aip.os.macos', [
  { name: 'macOS 10.8 (Mountain Lion), the minimum', given: mac('10.8'), outcome: 'pass' },
  { name: '10.8.0 equals 10.8', given: mac('10.8.0'), outcome: 'pass' },
  { name: '10.10 is later than 10.8 (numeric, not text, comparison)', given: mac('10.10.5'), outcome: 'pass' },
  { name: 'macOS 14 Sonoma', given: mac('14.5'), outcome: 'pass' },
  {
    name: 'macOS 10.7.5 (Lion), the last release below the minimum',
    given: mac('10.7.5'),
    outcome: 'fail',
    message: [
      'runs macOS 10.7.5, older than the minimum macOS 10.8',
      'version 10.7.5 is lower than 10.8',
      'Update it to macOS 10.8 or later',
    ],
  },
  { name: 'macOS 10.6.8', given: mac('10.6.8'), outcome: 'fail', message: ['10.6.8'] },
  { name: 'version not collected', given: mac(), outcome: 'unknown', message: ['device.os.version'] },
  { name: 'an iPhone is not checked', given: deviceOn('ios', '9.3.5'), outcome: 'skipped' },
]);
