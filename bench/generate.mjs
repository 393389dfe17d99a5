// Deterministic fleet generator: an aipcheck JSON Lines inventory of N devices, a few hundred servers of every role,
// and the organization and network facts (NSGs included) in the header line. Same arguments, same bytes.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** mulberry32: a small, fast, seedable PRNG; good enough to shuffle a fleet reproducibly. */
export function createRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from `[weight, value]` pairs. */
function weighted(random, table) {
  const total = table.reduce((sum, [w]) => sum + w, 0);
  let r = random() * total;
  for (const [w, value] of table) {
    r -= w;
    if (r < 0) return value;
  }
  return table[table.length - 1][1];
}

const PLATFORMS = [
  [62, 'windows'],
  [12, 'macos'],
  [10, 'ios'],
  [12, 'android'],
  [0.5, 'windows-mobile'],
  [2.5, 'linux'],
  [1, 'other'],
];

// Windows releases on both sides of the supported range: Windows 10 and 11, Insider builds, 7, 8.1, server SKUs.
const WINDOWS = [
  [30, ['Windows 10 Enterprise', '10.0.19045', [3448, 3570, 3693, 4291, 5011]]],
  [8, ['Windows 10 Enterprise', '10.0.19044', [2965, 3086, 3208]]],
  [3, ['Windows 10 Enterprise LTSC', '10.0.17763', [4974, 5122]]],
  [2, ['Windows 10 Pro', '10.0.14393', [6167]]],
  [22, ['Windows 11 Enterprise', '10.0.22631', [2861, 3007, 3155, 4037]]],
  [12, ['Windows 11 Pro', '10.0.22621', [2861, 3007]]],
  [8, ['Windows 11 Enterprise', '10.0.26100', [1742, 2033, 2314]]],
  [0.5, ['Windows 10 Enterprise Insider Preview', '10.0.21390', [1]]],
  [3, ['Windows 8.1 Pro', '6.3.9600', [20778]]],
  [2, ['Windows 7 Enterprise', '6.1.7601', [24544]]],
  [1, ['Windows Server 2019 Datacenter', '10.0.17763', [5122]]],
];
const ARCHITECTURES = [
  [92, 'x64'],
  [3, 'x86'],
  [4, 'arm64'],
  [1, undefined],
];
const MACOS = [
  [2, ['Mac OS X Lion', '10.7.5']],
  [2, ['OS X Mountain Lion', '10.8.5']],
  [6, ['macOS Catalina', '10.15.7']],
  [10, ['macOS Monterey', '12.7.6']],
  [20, ['macOS Ventura', '13.6.9']],
  [30, ['macOS Sonoma', '14.6.1']],
  [30, ['macOS Sequoia', '15.1']],
];
const IOS = ['10.3.4', '11.0', '12.5.7', '15.8.3', '16.7.10', '17.6.1', '18.1'];
const IOS_WEIGHTS = [2, 1, 4, 8, 20, 30, 35];
const ANDROID = ['4.4.4', '5.1.1', '6.0', '6.0.1', '8.1', '10', '11', '12', '13', '14'];
const ANDROID_WEIGHTS = [1, 3, 1, 2, 4, 8, 12, 18, 25, 26];
const WINDOWS_MOBILE = [
  [3, '8.1'],
  [7, '10.0.15063'],
];
const LABELING_CLIENT = ['2.13.49.0', '2.14.90.0', '2.16.79.0', '2.17.66.0'];
const PAC_REGISTRY = 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP\\UseDefaultCredentialsInProxy';
const OBSERVED = ['2026-11-17T08:12:00Z', '2026-11-18T14:40:00Z', '2026-11-19T09:05:00Z', '2026-11-20T07:30:00Z'];

function pickByWeights(random, values, weights) {
  return weighted(
    random,
    values.map((v, i) => [weights[i], v]),
  );
}

function tlsSettings(random) {
  return weighted(random, [
    [18, undefined],
    [50, {}],
    [20, { tls12: { enabled: true, disabledByDefault: false } }],
    [6, { tls12: { enabled: false }, tls13: { enabled: false } }],
    [4, { tls10: { enabled: true }, tls11: { enabled: true }, tls12: { disabledByDefault: true } }],
    [2, { collected: true, dotnetStrongCrypto: true }],
  ]);
}

const hex = (random, digits) =>
  Math.floor(random() * 16 ** digits)
    .toString(16)
    .padStart(digits, '0');

/** An Intune-style device id (a GUID) and name: exports list devices in no particular order. */
function deviceIdentity(random, n, platform) {
  const id = `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 6)}${hex(random, 6)}`;
  const prefix = { windows: 'DESKTOP', macos: 'MAC', ios: 'IPHONE', android: 'ANDROID' }[platform] ?? 'DEVICE';
  return { id, name: `${prefix}-${n.toString(36).toUpperCase().padStart(6, '0')}` };
}

/** One device: the value of a `{"device": {...}}` line. */
export function generateDevice(random, n) {
  const platform = weighted(random, PLATFORMS);
  const device = { ...deviceIdentity(random, n, platform), platform };
  const missingVersion = random() < 0.01;
  if (platform === 'windows') {
    const [name, base, revisions] = weighted(random, WINDOWS);
    const version = `${base}.${revisions[Math.floor(random() * revisions.length)]}`;
    device.os = missingVersion ? { name } : { name, version };
    if (name.includes('Server')) device.os.edition = 'ServerDatacenter';
    const architecture = weighted(random, ARCHITECTURES);
    if (architecture) device.architecture = architecture;
    const installed = random() < 0.72;
    device.labelingClient = installed
      ? { installed, version: LABELING_CLIENT[Math.floor(random() * LABELING_CLIENT.length)] }
      : { installed };
    const tls = tlsSettings(random);
    if (tls) device.tls = tls;
    if (installed && random() < 0.6) {
      device.registry = { [PAC_REGISTRY]: { type: 'REG_DWORD', data: random() < 0.85 ? 1 : 0 } };
    }
  } else if (platform === 'macos') {
    const [name, version] = weighted(random, MACOS);
    device.os = missingVersion ? { name } : { name, version };
    device.architecture = random() < 0.7 ? 'arm64' : 'x64';
  } else if (platform === 'ios') {
    device.os = missingVersion ? { name: 'iOS' } : { name: 'iOS', version: pickByWeights(random, IOS, IOS_WEIGHTS) };
  } else if (platform === 'android') {
    const version = pickByWeights(random, ANDROID, ANDROID_WEIGHTS);
    device.os = missingVersion ? { name: 'Android' } : { name: 'Android', version };
  } else if (platform === 'windows-mobile') {
    device.os = { name: 'Windows Mobile', version: weighted(random, WINDOWS_MOBILE) };
  } else if (platform === 'linux') {
    device.os = { name: 'Ubuntu', version: random() < 0.5 ? '22.04' : '24.04' };
    device.architecture = 'x64';
  }
  device.primaryUser = `user${Math.floor(random() * 400000)}@contoso.com`;
  device.observedAt = OBSERVED[Math.floor(random() * OBSERVED.length)];
  return device;
}

const SERVER_ROLES = {
  exchange: [
    [3, ['Exchange Server 2010 SP3', '14.3.513.0']],
    [20, ['Exchange Server 2013 CU23', '15.0.1497.48']],
    [35, ['Exchange Server 2016 CU23', '15.1.2507.39']],
    [40, ['Exchange Server 2019 CU14', '15.2.1544.4']],
    [2, ['Exchange Server SE', '15.2.2562.17']],
  ],
  sharepoint: [
    [5, ['SharePoint Server 2010', '14.0.7015.1000']],
    [25, ['SharePoint Server 2013', '15.0.5545.1000']],
    [35, ['SharePoint Server 2016', '16.0.5461.1000']],
    [35, ['SharePoint Server 2019', '16.0.10412.20001']],
  ],
  'file-server': [
    [10, ['Windows Server 2008 R2 Standard', '6.1.7601']],
    [30, ['Windows Server 2012 R2 Standard', '6.3.9600']],
    [40, ['Windows Server 2016 Datacenter', '10.0.14393']],
    [20, ['Windows Server 2019 Datacenter', '10.0.17763']],
  ],
};

/** One server: the value of a `{"server": {...}}` line. */
export function generateServer(random, role, n) {
  const id = `${role.replace('-', '')}${String(n).padStart(3, '0')}.corp.contoso.com`;
  const [name, version] = weighted(random, SERVER_ROLES[role]);
  const server = { id, name: id.split('.')[0].toUpperCase(), role };
  if (role === 'file-server') {
    server.os = { name, version };
    server.fci = { installed: random() < 0.8 };
  } else {
    server.product = { name, version };
    server.os = { name: 'Windows Server 2019 Datacenter', version: '10.0.17763' };
  }
  server.rmsConnector = { inUse: random() < 0.75 };
  server.observedAt = OBSERVED[3];
  return server;
}

const nsgRule = (name, priority, access, destination, ports = '*') => ({
  name,
  priority,
  direction: 'Outbound',
  access,
  protocol: 'Tcp',
  sourceAddressPrefixes: ['VirtualNetwork'],
  destinationAddressPrefixes: [destination],
  destinationPortRanges: [ports],
});

/** The header line: snapshot metadata, organization and network facts, as in an aipcheck inventory. */
export function generateHeader(devices) {
  return {
    schemaVersion: '1',
    snapshot: { id: `bench-fleet-${devices}`, collectedAt: '2026-11-20T09:00:00Z', source: 'bench/generate.mjs' },
    organization: {
      name: 'Contoso (benchmark fleet)',
      directorySync: {
        enabled: true,
        forests: [
          { name: 'corp.contoso.com', synced: true },
          { name: 'emea.contoso.com', synced: false },
        ],
      },
      rightsManagement: {
        azureRms: { active: true, protects: { scope: 'all' }, onboardingControls: { configured: false } },
        adRms: { present: true, active: true, protects: { scope: 'groups', groups: ['Finance'] } },
        hyok: { inUse: false },
        migration: { state: 'in-progress', direction: 'adrms-to-azure', redirectionConfigured: false },
      },
    },
    network: {
      egress: {
        unrestricted: false,
        allow: [
          { host: '*.aadrm.com', ports: [443], protocol: 'https' },
          { host: '*.azurerms.com', ports: [443], protocol: 'https' },
          { host: '*.protection.outlook.com', ports: [443], protocol: 'https' },
          { host: 'login.microsoftonline.com', ports: [443], protocol: 'https' },
        ],
      },
      proxy: { inUse: true, authenticationRequired: true, authenticationMethod: 'basic', usesPacFile: true },
      tlsInspection: { enabled: true, exemptHosts: ['*.aadrm.com'] },
      azure: {
        endpointsInUse: true,
        nsgs: [
          { name: 'nsg-open', rules: [] },
          {
            name: 'nsg-app',
            rules: [
              nsgRule('AllowAzureAD', 100, 'Allow', 'AzureActiveDirectory', '443'),
              nsgRule('DenyInternet', 4000, 'Deny', 'Internet'),
            ],
          },
          { name: 'nsg-locked', rules: [nsgRule('DenyAll', 4096, 'Deny', '*')] },
        ],
      },
    },
  };
}

/** Servers per role: "a few hundred" of each. */
export const SERVERS_PER_ROLE = 300;

/**
 * Writes the inventory: the header line, then devices with the servers spread among them (one every
 * devices/servers lines). Returns the number of assets written.
 */
export function generateFleet(file, devices, seed = 1, serversPerRole = SERVERS_PER_ROLE) {
  const random = createRandom(seed);
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'w');
  const roles = Object.keys(SERVER_ROLES);
  const servers = roles.length * serversPerRole;
  const every = Math.max(1, Math.floor(devices / servers));
  let buffer = `${JSON.stringify(generateHeader(devices))}\n`;
  let written = 0;
  let serverCount = 0;
  for (let n = 1; n <= devices; n++) {
    buffer += `{"device":${JSON.stringify(generateDevice(random, n))}}\n`;
    if (n % every === 0 && serverCount < servers) {
      const role = roles[serverCount % roles.length];
      buffer += `{"server":${JSON.stringify(generateServer(random, role, Math.floor(serverCount / roles.length) + 1))}}\n`;
      serverCount++;
    }
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = '';
    }
    written++;
  }
  while (serverCount < servers) {
    const role = roles[serverCount % roles.length];
    buffer += `{"server":${JSON.stringify(generateServer(random, role, Math.floor(serverCount / roles.length) + 1))}}\n`;
    serverCount++;
  }
  writeSync(fd, buffer);
  closeSync(fd);
  return written + serverCount;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const devices = Number(process.argv[2] ?? 1_000_000);
  const file = process.argv[3] ?? `bench/out/fleet-${devices}.jsonl`;
  const started = process.hrtime.bigint();
  const assets = generateFleet(file, devices);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${file}: ${assets} assets in ${seconds.toFixed(1)} s`);
}
