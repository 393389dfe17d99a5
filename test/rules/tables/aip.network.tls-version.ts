import { defineRuleTable } from '../rule-tester.js';

function device(
  version: string | undefined,
  tls: Record<string, unknown> | undefined,
  extra: Record<string, unknown> = {},
) {
  return {
    id: 'WS-0815',
    platform: 'windows',
    labelingClient: { installed: true, version: '2.17.66.0' },
    ...(version ? { os: { name: 'Windows', version } } : {}),
    ...(tls ? { tls } : {}),
    ...extra,
  };
}
const on = { enabled: true, disabledByDefault: false };
const given = (d: ReturnType<typeof device>) => ({ devices: [d] });

export default defineRuleTable('aip.network.tls-version', [
  {
    name: 'Windows 10 22H2 with no explicit setting: on by default',
    given: given(device('10.0.19045.4651', {})),
    outcome: 'pass',
  },
  { name: 'Windows 10 RTM (10240) default', given: given(device('10.0.10240', { collected: true })), outcome: 'pass' },
  { name: 'Windows 11 default', given: given(device('10.0.22631.3880', {})), outcome: 'pass' },
  {
    name: 'Windows 11 with TLS 1.2 off still has TLS 1.3 by default',
    given: given(device('10.0.22631.3880', { tls12: { enabled: false } })),
    outcome: 'pass',
  },
  {
    name: 'explicitly enabled on Windows 10',
    given: given(device('10.0.19045', { tls12: { enabled: true } })),
    outcome: 'pass',
  },
  {
    name: 'Windows Server 2022 (server table): TLS 1.2 and 1.3 on by default',
    given: given(
      device('10.0.20348.2582', {}, { os: { name: 'Windows Server 2022 Datacenter', version: '10.0.20348.2582' } }),
    ),
    outcome: 'pass',
  },
  {
    name: 'Windows Server 2022 with TLS 1.2 off keeps TLS 1.3 by default',
    given: given(
      device('10.0.20348.2582', { tls12: { enabled: false } }, { os: { version: '10.0.20348.2582', type: 'server' } }),
    ),
    outcome: 'pass',
  },
  {
    name: 'Windows Server 2019 with TLS 1.2 off has no TLS 1.3',
    given: given(
      device('10.0.17763.6054', { tls12: { enabled: false } }, { os: { version: '10.0.17763.6054', type: 'server' } }),
    ),
    outcome: 'fail',
    message: ['TLS 1.2 is disabled (Enabled=0)'],
  },
  {
    name: 'Windows Server 2012 R2 (server table) enables TLS 1.2 by default',
    given: given(
      device('6.3.9600', {}, { os: { name: 'Windows Server 2012 R2 Standard', version: '6.3.9600.20778' } }),
    ),
    outcome: 'pass',
  },
  {
    name: 'Windows Server 2008 R2 ships TLS 1.2 off by default',
    given: given(device('6.1.7601', {}, { os: { name: 'Windows Server 2008 R2 Standard', version: '6.1.7601' } })),
    outcome: 'fail',
    message: ['not on by default on this OS'],
  },
  {
    name: 'Windows 10.0 without a build, no explicit setting: Windows 10 and 11 both enable TLS 1.2',
    given: given(device('10.0', {})),
    outcome: 'pass',
  },
  {
    name: 'a truncated build whose candidates differ, no explicit setting: unknown naming the candidates',
    given: given(device('6', {})),
    outcome: 'unknown',
    message: ['could be Windows Vista'],
  },
  { name: 'Windows 8.1 enables TLS 1.2 by default too', given: given(device('6.3.9600.20778', {})), outcome: 'pass' },
  { name: 'explicitly enabled on Windows 8.1', given: given(device('6.3.9600', { tls12: on })), outcome: 'pass' },
  { name: 'explicitly enabled, OS not collected', given: given(device(undefined, { tls12: on })), outcome: 'pass' },
  {
    name: 'TLS 1.2 disabled on Windows 10',
    given: given(device('10.0.19045.4651', { tls10: on, tls12: { enabled: false } })),
    outcome: 'fail',
    message: ['TLS 1.2 is disabled (Enabled=0)', 'Windows 10.0.19045.4651', 'Enable TLS 1.2 in SCHANNEL'],
  },
  {
    name: 'TLS 1.2 disabled by default on Windows 10',
    given: given(device('10.0.19044', { tls12: { disabledByDefault: true } })),
    outcome: 'fail',
    message: ['DisabledByDefault=1'],
  },
  {
    name: 'Windows 11 with TLS 1.2 and 1.3 off',
    given: given(device('10.0.22000', { tls12: { enabled: false }, tls13: { enabled: false } })),
    outcome: 'fail',
    message: ['TLS 1.3 is disabled (Enabled=0)'],
  },
  {
    name: 'Windows 7 with no explicit setting: off by default for clients',
    given: given(device('6.1.7601', {})),
    outcome: 'fail',
    message: ['TLS 1.2 has no explicit setting and is not on by default on this OS'],
  },
  {
    name: 'an Insider build between Windows 10 and 11 gets no default',
    given: given(device('10.0.21996', {})),
    outcome: 'fail',
    message: ['not on by default'],
  },
  {
    name: 'TLS settings not collected',
    given: given(device('10.0.19045', undefined)),
    outcome: 'unknown',
    message: ['device.tls'],
  },
  {
    name: 'no explicit setting and the OS is not known: the default cannot be told',
    given: given(device(undefined, {})),
    outcome: 'unknown',
    message: ['device.os.version'],
  },
  {
    name: 'settings marked not collected are unknown, not judged by OS defaults',
    given: given(device('10.0.19045', { collected: false })),
    outcome: 'unknown',
    message: ['TLS settings were not collected'],
  },
  {
    name: 'no labeling client',
    given: given(device('6.1.7601', {}, { labelingClient: { installed: false } })),
    outcome: 'notApplicable',
  },
  {
    name: 'labeling client state not collected',
    given: given({ id: 'WS-0815', platform: 'windows', tls: {} } as ReturnType<typeof device>),
    outcome: 'unknown',
    message: ['device.labelingClient.installed'],
  },
  {
    name: 'the unified labeling client is Windows-only: a Mac is not checked',
    given: { devices: [{ id: 'MAC-01', platform: 'macos', labelingClient: { installed: true }, tls: {} }] },
    outcome: 'skipped',
  },
]);
