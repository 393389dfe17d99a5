import { deviceOn } from '../helpers/devices.js';
import { defineRuleTable } from '../rule-tester.js';

const android = (version?: string) => deviceOn('android', version, 'AND-SM-G991B');

export default defineRuleTable('aip.os.android', [
  { name: 'Android 6.0 (Marshmallow), the minimum', given: android('6.0'), outcome: 'pass' },
  { name: 'Android 6 equals 6.0', given: android('6'), outcome: 'pass' },
  { name: 'Android 6.0.1', given: android('6.0.1'), outcome: 'pass' },
  { name: 'Android 14', given: android('14'), outcome: 'pass' },
  {
    name: 'Android 5.1.1 (Lollipop), the last release below the minimum',
    given: android('5.1.1'),
    outcome: 'fail',
    message: ['runs Android 5.1.1, older than the minimum Android 6.0', 'version 5.1.1 is lower than 6.0'],
  },
  { name: 'Android 4.4.4', given: android('4.4.4'), outcome: 'fail', message: ['4.4.4'] },
  { name: 'version not collected', given: android(), outcome: 'unknown', message: ['device.os.version'] },
  { name: 'a Windows device is not checked', given: deviceOn('windows', '5.1'), outcome: 'skipped' },
]);
