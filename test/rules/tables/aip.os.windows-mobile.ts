import { deviceOn } from '../helpers/devices.js';
import { defineRuleTable } from '../rule-tester.js';

const phone = (version?: string) => deviceOn('windows-mobile', version, 'LUMIA-950');

export default defineRuleTable('aip.os.windows-mobile', [
  { name: 'Windows 10 Mobile 1511', given: phone('10.0.10586.107'), outcome: 'pass' },
  { name: 'Windows 10 Mobile 1709, the last release', given: phone('10.0.15254.603'), outcome: 'pass' },
  { name: 'the Windows 10 RTM build 10240 starts the range', given: phone('10.0.10240'), outcome: 'pass' },
  {
    name: 'Windows Phone 8.1 (8.10.x)',
    given: phone('8.10.14219.341'),
    outcome: 'fail',
    message: [
      'runs Windows mobile version 8.10.14219.341',
      'version 8.10.14219.341 is Windows Phone 8.1',
      'not Windows 10 Mobile',
    ],
  },
  { name: 'Windows Phone 8', given: phone('8.0.10517.150'), outcome: 'fail', message: ['Windows Phone 8'] },
  { name: 'build 10239, before the range', given: phone('10.0.10239'), outcome: 'fail', message: ['no known release'] },
  { name: 'build 16000, after the range', given: phone('10.0.16000'), outcome: 'fail', message: ['no known release'] },
  { name: 'version not collected', given: phone(), outcome: 'unknown', message: ['device.os.version'] },
  { name: 'a Windows computer is not checked', given: deviceOn('windows', '8.10.14219'), outcome: 'skipped' },
]);
