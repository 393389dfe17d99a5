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
  { name: 'a major version only, later than 10: macOS 14', given: mac('14'), outcome: 'pass' },
  {
    name: 'a major version only, earlier than 10: Mac OS 9',
    given: mac('9'),
    outcome: 'fail',
    message: ['runs macOS 9,', 'version 9 is lower than 10.8'],
  },
  {
    name: 'a major version only, 10: could be 10.7 or 10.15',
    given: mac('10'),
    outcome: 'unknown',
    message: ['the full version of 10.x', 'may or may not be at least 10.8'],
  },
  { name: 'an iPhone is not checked', given: deviceOn('ios', '9.3.5'), outcome: 'skipped' },
]);
