// The benchmark fleet as exports would give it: devices and servers without the facts Intune, AD and Exchange
// exports leave out (labelingClient, rmsConnector), plus the installed-software and connector exports that supply
// them. Deterministic: same arguments, same bytes.
// Usage: node bench/software-exports.mjs [--devices N] [--missing PERCENT] [--out DIR]
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRandom, generateFleet } from './generate.mjs';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '1000000' },
    // Windows devices left out of every software export: their client stays unknown.
    missing: { type: 'string', default: '2' },
    out: { type: 'string' },
  },
});
const devices = Number(values.devices);
const missing = Number(values.missing) / 100;
const out = values.out ?? `bench/out/exports-${devices}`;
rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(out, 'connector'), { recursive: true });

const full = path.join(out, 'full-fleet.jsonl');
generateFleet(full, devices);
const random = createRandom(7);
const tenant = 'https://5c6bb73b-1038-4eec-863d-49bded473437.rms.na.aadrm.com';
const connector = 'https://rmsconnector.contoso.com';

// The fleet as device and server exports give it: ids are short host names (as every importer makes them), no
// labelingClient, no rmsConnector.
const stripped = openSync(path.join(out, 'fleet-without-software.jsonl'), 'w');
let buffer = '';
const flush = (force = false) => {
  if (force || buffer.length > 1 << 20) {
    writeSync(stripped, buffer);
    buffer = '';
  }
};
/** Devices by app: the Graph detectedApps export lists each app with the devices it is on. */
const apps = new Map();
const programs = ['Name0,DisplayName0,Version0,Publisher0'];
const counts = { windows: 0, graph: 0, configmgr: 0, notExported: 0, servers: 0 };
const underApp = (name, version, device) => {
  const key = `${name}\u0000${version}`;
  if (!apps.has(key)) apps.set(key, { name, version, devices: [] });
  apps.get(key).devices.push(device);
};

for (const line of readFileSync(full, 'utf8').split('\n')) {
  if (line === '') continue;
  const record = JSON.parse(line);
  if (record.device) {
    const device = record.device;
    const client = device.labelingClient;
    delete device.labelingClient;
    device.id = device.name.toLowerCase();
    if (device.platform === 'windows') {
      counts.windows++;
      const r = random();
      if (r < missing) counts.notExported++;
      else if (r < missing + (1 - missing) * 0.65) {
        counts.graph++;
        const entry = { id: device.id, deviceName: device.name, operatingSystem: 'Windows' };
        underApp('Microsoft Edge', '131.0.2903.70', entry);
        if (client?.installed) underApp('Microsoft Azure Information Protection', client.version, entry);
      } else {
        counts.configmgr++;
        programs.push(`${device.name},Microsoft Edge,131.0.2903.70,Microsoft Corporation`);
        if (client?.installed) {
          programs.push(
            `${device.name},Microsoft Azure Information Protection,${client.version},Microsoft Corporation`,
          );
        }
      }
    }
    buffer += `${JSON.stringify({ device })}\n`;
  } else if (record.server) {
    const server = record.server;
    const inUse = server.rmsConnector?.inUse;
    delete server.rmsConnector;
    const short = server.id.split('.')[0];
    server.id = short;
    counts.servers++;
    writeFileSync(path.join(out, 'connector', `${short}.reg`), connectorReg(server.role, inUse));
    buffer += `${JSON.stringify({ server })}\n`;
  } else {
    buffer += `${line}\n`;
  }
  flush();
}
flush(true);
closeSync(stripped);
rmSync(full);

/** A regedit export (UTF-16LE with BOM) of the connector keys of one server's role, empty when it does not use it. */
function connectorReg(role, inUse) {
  const lines = ['Windows Registry Editor Version 5.00', ''];
  if (role === 'exchange') {
    lines.push('[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\IRM\\LicenseServerRedirection]');
    if (inUse) lines.push(`"${tenant}"="${connector}"`);
  } else if (role === 'sharepoint') {
    lines.push('[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSIPC\\ServiceLocation\\EnterpriseCertification]');
    if (inUse) lines.push(`@="${connector}/_wmcs/certification"`);
  } else {
    lines.push('[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSDRM\\ServiceLocation\\Activation]');
    if (inUse) lines.push(`@="${connector}/_wmcs/certification"`);
  }
  lines.push('', '');
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n'), 'utf16le')]);
}

// Graph detectedApps, several pages saved together as an array of pages (1000 apps' device lists per page would
// be too few devices per page to matter; Graph pages by app).
const pages = [...apps.values()].map((app, i) => ({
  '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#deviceManagement/detectedApps(managedDevices())',
  value: [
    {
      id: `app-${i}`,
      displayName: app.name,
      version: app.version,
      sizeInByte: 0,
      deviceCount: app.devices.length,
      publisher: 'Microsoft Corporation',
      platform: 'windows',
      managedDevices: app.devices,
    },
  ],
}));
writeFileSync(path.join(out, 'detected-apps.json'), JSON.stringify(pages));
writeFileSync(path.join(out, 'configmgr-programs.csv'), `${programs.join('\r\n')}\r\n`);
console.log(JSON.stringify({ out, devices, ...counts }));
