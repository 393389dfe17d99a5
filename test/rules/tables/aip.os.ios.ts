import { deviceOn } from '../helpers/devices.js';
import { defineRuleTable } from '../rule-tester.js';

const ios = (version?: string) => deviceOn('ios', version, 'IPH-0042');

export default defineRuleTable('aip.os.ios', [
  { name: 'iOS 11.0, the minimum', given: ios('11.0'), outcome: 'pass' },
  { name: 'iOS 11 equals 11.0', given: ios('11'), outcome: 'pass' },
  { name: 'iPadOS 17.5.1', given: ios('17.5.1'), outcome: 'pass' },
  {
    name: 'iOS 10.3.4, the last release below the minimum',
    given: ios('10.3.4'),
    outcome: 'fail',
    message: ['runs iOS 10.3.4, older than the minimum iOS 11.0', 'version 10.3.4 is lower than 11.0'],
  },
  { name: 'iOS 9.3.5', given: ios('9.3.5'), outcome: 'fail', message: ['9.3.5'] },
  { name: 'version not collected', given: ios(), outcome: 'unknown', message: ['device.os.version'] },
  { name: 'an Android device is not checked', given: deviceOn('android', '10.3.4'), outcome: 'skipped' },
]);
