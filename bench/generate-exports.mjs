// Deterministic exports in the formats auditors bring: Intune "All devices" CSV, AD computers CSV, Entra devices
// CSV, Graph managedDevices JSON (compact, indented, paged) and a plain text egress allowlist. Same arguments,
// same bytes. Usage: node bench/generate-exports.mjs FORMAT FILE COUNT [SEED]
import { closeSync, openSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createRandom } from './generate.mjs';

const pick = (random, list) => list[Math.floor(random() * list.length)];

/** A GUID from the PRNG (exports list devices by GUID, in no particular order). */
function guid(random) {
  const hex = (n) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
}

// Operating systems as each export names them, on both sides of the rules' thresholds.
const INTUNE_OS = [
  [
    'Windows',
    [
      '10.0.19045.3570',
      '10.0.19045.5011',
      '10.0.22631.4037',
      '10.0.22621.2861',
      '10.0.26100.2314',
      '10.0.17763.5122',
      '6.3.9600.20778',
      '6.1.7601.24544',
      '10.0.14393.6167',
    ],
  ],
  ['Windows', ['10.0.19045.3570', '10.0.22631.3007']],
  ['iOS/iPadOS', ['18.1', '17.6.1', '16.7.10', '15.8.3', '12.5.7']],
  ['macOS', ['15.1', '14.6.1 (23G93)', '13.6.9', '12.7.6', '10.15.7']],
  ['Android', ['14', '13', '12', '11', '10', '8.1', '6.0', '4.4.4']],
  ['Linux', ['22.04', '20.04']],
  ['Windows Mobile', ['10.0.15063']],
];
const SKUS = ['Enterprise', 'Pro', 'Education', ''];
const ARCH = ['x64', 'x64', 'x64', 'arm64', 'x86', ''];
const INTUNE_DATES = ['2026-11-14 08:23:11.0000000', '2026-11-13 17:45:02.0000000', '2026-10-01 07:00:00.0000000'];
const AD_OS = [
  ['Windows 10 Enterprise', ['10.0 (19045)', '10.0 (19044)', '10.0 (17763)', '10.0 (14393)']],
  ['Windows 11 Enterprise', ['10.0 (22631)', '10.0 (26100)', '10.0 (22621)']],
  ['Windows 7 Professional', ['6.1 (7601)']],
  ['Windows 8.1 Pro', ['6.3 (9600)']],
  ['Windows Server 2019 Datacenter', ['10.0 (17763)']],
  ['Windows Server 2012 R2 Standard', ['6.3 (9600)']],
];
const AD_DATES = ['11/18/2026 7:41:09 AM', '11/17/2026 6:00:00 PM', '10/2/2026 11:03:54 AM'];
const ENTRA_OS = [
  ['Windows', ['10.0.19045.3570', '10.0.22631.4460', '10.0.26100.2314', '10.0.17763.5122', '6.1.7601.24544']],
  ['iOS', ['18.1', '16.7.10', '12.5.7']],
  ['MacMDM', ['15.1', '13.6.9', '10.15.7']],
  ['AndroidForWork', ['14', '11', '6.0']],
  ['Windows Server 2022 Datacenter', ['10.0.20348.2762']],
];
const ENTRA_DATES = ['2026-11-18T07:40:00Z', '2026-11-19T16:05:00Z', '0001-01-01T00:00:00Z'];
const NOTES = ['', '', '', '', 'Shipped to Lyon office,\r\nreplaces LAPTOP-0017', 'said "urgent"', 'Zürich €'];

const quoted = (field) => `"${String(field).replace(/"/g, '""')}"`;
const loose = (field) => (/[",\r\n]/.test(field) ? quoted(field) : field);

const FORMATS = {
  /** The Intune admin center's "All devices" export: UTF-8 BOM, CRLF, every field quoted, portal headers. */
  intune: {
    head:
      '\ufeff' +
      [
        'Device ID',
        'Device name',
        'Enrollment date',
        'Last check-in',
        'Azure AD Device ID',
        'OS version',
        'Serial number',
        'Manufacturer',
        'Model',
        'Management name',
        'Primary user UPN',
        'Primary user display name',
        'Compliance',
        'Managed by',
        'Ownership',
        'OS',
        'SkuFamily',
        'JoinType',
        'ProcessorArchitecture',
        'Notes',
      ]
        .map(quoted)
        .join(',') +
      '\r\n',
    row(random, n) {
      const [os, versions] = pick(random, INTUNE_OS);
      const name = `${os === 'Windows' ? 'DESKTOP' : os.slice(0, 3).toUpperCase()}-${n.toString(36).toUpperCase()}`;
      const user = `user${n % 50000}@contoso.com`;
      return `${[
        guid(random),
        name,
        '2025-02-06 10:12:44.0000000',
        pick(random, INTUNE_DATES),
        guid(random),
        pick(random, versions),
        `SN${n}`,
        'HP',
        'HP EliteBook 840 G8',
        `${user.split('@')[0]}_${os}_2/6/2025`,
        user,
        `User ${n % 50000}`,
        pick(random, ['Compliant', 'Noncompliant']),
        'Intune',
        'Corporate',
        os,
        os === 'Windows' ? pick(random, SKUS) : '',
        'Microsoft Entra joined',
        os === 'Windows' ? pick(random, ARCH) : '',
        pick(random, NOTES),
      ]
        .map(quoted)
        .join(',')}\r\n`;
    },
  },
  /** `Get-ADComputer -Properties * | Export-Csv` in Windows PowerShell: a #TYPE line, CRLF, every field quoted. */
  ad: {
    head:
      '#TYPE Microsoft.ActiveDirectory.Management.ADComputer\r\n' +
      [
        'DistinguishedName',
        'DNSHostName',
        'Enabled',
        'LastLogonDate',
        'Name',
        'ObjectClass',
        'ObjectGUID',
        'OperatingSystem',
        'OperatingSystemVersion',
        'SamAccountName',
        'SID',
        'UserPrincipalName',
      ]
        .map(quoted)
        .join(',') +
      '\r\n',
    row(random, n) {
      const [os, versions] = pick(random, AD_OS);
      const name = `PC-${n.toString(36).toUpperCase()}`;
      return `${[
        `CN=${name},OU=Workstations,DC=contoso,DC=com`,
        `${name}.contoso.com`,
        random() < 0.03 ? 'False' : 'True',
        pick(random, AD_DATES),
        name,
        'computer',
        guid(random),
        os,
        pick(random, versions),
        `${name}$`,
        `S-1-5-21-1004336348-1177238915-682003330-${1000 + n}`,
        '',
      ]
        .map(quoted)
        .join(',')}\r\n`;
    },
  },
  /** The Entra admin center's "Download devices": UTF-8 BOM, quotes only where needed. */
  entra: {
    head: '\ufeffdisplayName,accountEnabled,operatingSystem,operatingSystemVersion,joinType (trustType),registeredOwners,userNames,mdmDisplayName,isCompliant,registrationTime,approximateLastSignInDateTime,deviceId,isManaged,objectId,profileType,systemLabels,model\r\n',
    row(random, n) {
      const [os, versions] = pick(random, ENTRA_OS);
      const owners = random() < 0.1 ? `User ${n % 50000},User ${(n + 7) % 50000}` : `User ${n % 50000}`;
      return `${[
        `DEV-${n.toString(36).toUpperCase()}`,
        random() < 0.03 ? 'False' : 'True',
        os,
        pick(random, versions),
        'Microsoft Entra joined',
        owners,
        `user${n % 50000}@contoso.com`,
        'Microsoft Intune',
        'True',
        '2025-02-06T10:12:44Z',
        pick(random, ENTRA_DATES),
        guid(random),
        'True',
        guid(random),
        'RegisteredDevice',
        '',
        'HP EliteBook 840 G8',
      ]
        .map(loose)
        .join(',')}\r\n`;
    },
  },
};

/** One Graph managedDevice object. */
function managedDevice(random, n) {
  const [os, versions] = pick(random, INTUNE_OS);
  const user = `user${n % 50000}@contoso.com`;
  return {
    id: guid(random),
    userId: guid(random),
    deviceName: `${os === 'Windows' ? 'DESKTOP' : os.slice(0, 3).toUpperCase()}-${n.toString(36).toUpperCase()}`,
    managedDeviceOwnerType: 'company',
    enrolledDateTime: '2025-02-06T10:12:44Z',
    lastSyncDateTime: pick(random, ['2026-11-21T09:15:30Z', '2026-11-20T18:02:11Z', '2026-10-01T07:00:00Z']),
    operatingSystem: os,
    complianceState: pick(random, ['compliant', 'noncompliant']),
    managementAgent: 'mdm',
    osVersion: pick(random, versions),
    azureADRegistered: true,
    deviceEnrollmentType: 'windowsAzureADJoin',
    emailAddress: user,
    azureADDeviceId: guid(random),
    model: 'HP EliteBook 840 G8',
    manufacturer: 'HP',
    serialNumber: `SN${n}`,
    userPrincipalName: user,
    userDisplayName: `User ${n % 50000} "Ops" {team}`,
    notes: n % 97 === 0 ? 'brackets ] } [ { and \\" escapes' : null,
  };
}

/** Writes text through a 4 MB buffer. */
function writer(file) {
  const fd = openSync(file, 'w');
  let pending = '';
  return {
    write(text) {
      pending += text;
      if (pending.length > 1 << 22) {
        writeSync(fd, pending);
        pending = '';
      }
    },
    close() {
      writeSync(fd, pending);
      closeSync(fd);
    },
  };
}

/**
 * Writes `count` rows of a CSV export (`intune`, `ad`, `entra`), a Graph managedDevices document
 * (`graph` compact on one line, `graph-indented` as ConvertTo-Json writes it; `graph-page` starts at `first`),
 * or an allowlist of `count` lines (`allowlist`). Returns the number of records written.
 */
export function generateExport(format, file, count, seed = 1, first = 0) {
  const random = createRandom(seed);
  const out = writer(file);
  if (FORMATS[format]) {
    out.write(FORMATS[format].head);
    for (let n = first; n < first + count; n++) out.write(FORMATS[format].row(random, n));
  } else if (format === 'graph' || format === 'graph-indented') {
    const indented = format === 'graph-indented';
    const context = 'https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices';
    out.write(
      indented ? `{\n  "@odata.context": "${context}",\n  "value": [\n` : `{"@odata.context":"${context}","value":[`,
    );
    for (let n = first; n < first + count; n++) {
      const device = managedDevice(random, n);
      const text = indented ? JSON.stringify(device, null, 2).replace(/^/gm, '    ') : JSON.stringify(device);
      out.write(n === first ? text : indented ? `,\n${text}` : `,${text}`);
    }
    out.write(indented ? '\n  ]\n}\n' : ']}');
  } else if (format === 'allowlist') {
    out.write('# Egress allowlist exported from the proxy\n');
    for (let n = 0; n < count; n++) {
      const r = random();
      if (r < 0.45) out.write(`app${n}.saas${n % 4099}.example.com 443\n`);
      else if (r < 0.65) out.write(`*.tenant${n}.cdn${n % 211}.net\n`);
      else if (r < 0.75) out.write(`10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}/32 443\n`);
      else if (r < 0.85) out.write(`.corp${n}.contoso.local 80,443\n`);
      else if (r < 0.9) out.write(`# ticket ${n}\n`);
      // Near misses of the AIP endpoints: their domains, but other hosts.
      else if (r < 0.95) out.write(`svc${n}.outlook.com 443\n`);
      else out.write(`host${n}.data.microsoft.com 80\n`);
    }
    out.write('*.protection.outlook.com 443\n*.aadrm.com 443\n');
  } else throw new Error(`unknown export format ${format}`);
  out.close();
  return count;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [format, file, count, seed] = process.argv.slice(2);
  generateExport(format, file, Number(count), Number(seed ?? 1));
}
