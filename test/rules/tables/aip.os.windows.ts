import { defineRuleTable, type RuleCase } from '../rule-tester.js';

function windows(os: Record<string, unknown> | undefined, architecture: string | undefined = 'x64') {
  return {
    devices: [{ id: 'WS-2201', platform: 'windows', ...(os ? { os } : {}), ...(architecture ? { architecture } : {}) }],
  };
}
const build = (version: string, architecture?: string) => windows({ version }, architecture);

const supported: [string, string, string][] = [
  ['Windows 10 RTM (10240), the first supported build', '10.0.10240', 'x64'],
  ['Windows 10 22H2 (19045), the last Windows 10 build', '10.0.19045.4651', 'x64'],
  ['Windows 10 on x86', '10.0.19044.1288', 'x86'],
  ['Windows 11 21H2 (22000), the first Windows 11 build', '10.0.22000', 'x64'],
  ['Windows 11 23H2', '10.0.22631.3880', 'x64'],
  ['Windows 11 24H2', '10.0.26100.1150', 'x64'],
];

export default defineRuleTable('aip.os.windows', [
  ...supported.map(([name, version, arch]): RuleCase => ({ name, given: build(version, arch), outcome: 'pass' })),
  {
    name: 'named Windows 10 Enterprise',
    given: windows({
      name: 'Windows 10 Enterprise',
      edition: 'Enterprise',
      version: '10.0.19045.4651',
      type: 'client',
    }),
    outcome: 'pass',
  },
  {
    name: 'build 10239, just before Windows 10 RTM',
    given: build('10.0.10239'),
    outcome: 'fail',
    message: [
      'runs Windows 10.0.10239 on x64',
      'version 10.0.10239 is no known release in the windows-client table',
      'Upgrade it to Windows 10 or 11',
    ],
  },
  {
    name: 'build 19046, just after Windows 10 22H2',
    given: build('10.0.19046'),
    outcome: 'fail',
    message: ['no known release'],
  },
  {
    name: 'build 21999, just before Windows 11',
    given: build('10.0.21999'),
    outcome: 'fail',
    message: ['no known release'],
  },
  { name: 'Windows 8.1', given: build('6.3.9600.20778'), outcome: 'fail', message: ['is Windows 8.1'] },
  { name: 'Windows 7 SP1', given: build('6.1.7601.24546', 'x86'), outcome: 'fail', message: ['is Windows 7'] },
  {
    name: 'Windows 11 on arm64',
    given: build('10.0.22631.3880', 'arm64'),
    outcome: 'fail',
    message: ['on arm64', 'device.architecture is arm64'],
  },
  {
    name: 'Windows 10 on 32-bit ARM',
    given: build('10.0.15063', 'arm'),
    outcome: 'fail',
    message: ['device.architecture is arm'],
  },
  {
    name: 'Windows Server 2019 shares build 17763 with Windows 10 1809: os.type decides',
    given: windows({ version: '10.0.17763.6054', type: 'server' }),
    outcome: 'fail',
    message: ['a Windows server (Windows Server 2019), not a client: os.type is server'],
  },
  {
    name: 'Windows Server 2022 by name',
    given: windows({ name: 'Windows Server 2022 Datacenter', version: '10.0.20348.2582' }),
    outcome: 'fail',
    message: ['names a server', 'Windows Server 2022'],
  },
  {
    name: 'an Intune row saying only "Windows" with a build only Windows Server 2022 has: a server, named',
    given: windows({ name: 'Windows', version: '10.0.20348.2582' }),
    outcome: 'fail',
    message: ['a Windows server (Windows Server 2022), not a client', 'build 10.0.20348.2582 is Windows Server 2022'],
  },
  {
    name: 'a build between Windows 10 and 11 that no server release has is not taken as a server',
    given: windows({ name: 'Windows', version: '10.0.21996' }),
    outcome: 'fail',
    message: ['no known release in the windows-client table'],
  },
  {
    name: '10.0 without a build could be Windows 10 or 11, both supported',
    given: windows({ name: 'Windows 10 Enterprise', version: '10.0' }),
    outcome: 'pass',
  },
  {
    name: '6.3 without a build can only be Windows 8.1',
    given: windows({ name: 'Windows', version: '6.3' }),
    outcome: 'fail',
    message: ['version 6.3 is Windows 8.1'],
  },
  {
    name: 'Windows 10 1809 with the same build is a client',
    given: windows({ name: 'Windows 10 Enterprise LTSC 2019', version: '10.0.17763.6054' }),
    outcome: 'pass',
  },
  {
    name: 'Windows 11 Enterprise multi-session reports the edition ServerRdsh but is a client',
    given: windows({ name: 'Windows 11 Enterprise multi-session', edition: 'ServerRdsh', version: '10.0.22631.4460' }),
    outcome: 'pass',
  },
  {
    name: 'architecture not collected',
    given: build('10.0.19045', ''),
    outcome: 'unknown',
    message: ['device.architecture'],
  },
  { name: 'OS not collected', given: windows(undefined), outcome: 'unknown', message: ['device.os'] },
  {
    name: 'a known failure decides even with the OS missing',
    given: windows(undefined, 'arm64'),
    outcome: 'fail',
    message: ['device.architecture is arm64'],
  },
  {
    name: 'a Mac is not checked',
    given: { devices: [{ id: 'MAC-1', platform: 'macos', os: { version: '14.5' } }] },
    outcome: 'skipped',
  },
  {
    name: 'a Windows 10 Mobile phone is checked by aip.os.windows-mobile instead',
    given: { devices: [{ id: 'WP-1', platform: 'windows-mobile', os: { version: '10.0.15254' } }] },
    outcome: 'skipped',
  },
]);
