import { defineRuleTable } from '../rule-tester.js';

const WOW = 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP\\UseDefaultCredentialsInProxy';
const NATIVE = 'HKLM\\SOFTWARE\\Microsoft\\MSIP\\UseDefaultCredentialsInProxy';
const MSIP_KEY = 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP';
const NATIVE_KEY = 'HKLM\\SOFTWARE\\Microsoft\\MSIP';
const pacProxy = { proxy: { inUse: true, usesPacFile: true, pacFile: 'http://wpad.contoso.com/proxy.pac' } };

function device(registry: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) {
  return {
    id: 'WS-0412',
    platform: 'windows',
    architecture: 'x64',
    labelingClient: { installed: true, version: '2.17.66.0' },
    ...(registry ? { registry } : {}),
    ...extra,
  };
}

const given = (d: ReturnType<typeof device>, network: Record<string, unknown> = pacProxy) => ({
  network,
  devices: [d],
});

export default defineRuleTable('aip.network.proxy-pac-credentials', [
  {
    name: 'DWORD 1 under WOW6432Node',
    given: given(device({ [WOW]: { type: 'REG_DWORD', data: 1 } })),
    outcome: 'pass',
  },
  {
    name: 'regedit spelling of the path and hex data',
    given: given(
      device({
        'Computer\\HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP\\UseDefaultCredentialsInProxy': {
          type: 'REG_DWORD',
          data: '0x00000001',
        },
      }),
    ),
    outcome: 'pass',
  },
  {
    name: '32-bit Windows has no WOW6432Node: the native path counts on x86',
    given: given(device({ [NATIVE]: { type: 'REG_DWORD', data: 1 } }, { architecture: 'x86' })),
    outcome: 'pass',
  },
  {
    name: 'the native path does not count on x64 (the WOW6432Node key was collected)',
    given: given(
      device({ [NATIVE]: { type: 'REG_DWORD', data: 1 } }, { collectedRegistryKeys: [MSIP_KEY, NATIVE_KEY] }),
    ),
    outcome: 'fail',
    message: [
      'UseDefaultCredentialsInProxy is not DWORD 1',
      `${WOW} is not set in the collected key`,
      'http://wpad.contoso.com/proxy.pac',
    ],
  },
  {
    name: 'the native path on x64 while the WOW6432Node key was not collected: unknown',
    given: given(device({ [NATIVE]: { type: 'REG_DWORD', data: 1 } }, { collectedRegistryKeys: [NATIVE_KEY] })),
    outcome: 'unknown',
    message: [`its key ${MSIP_KEY} was not collected`],
  },
  {
    name: 'DWORD 0',
    given: given(device({ [WOW]: { type: 'REG_DWORD', data: 0 } })),
    outcome: 'fail',
    message: [`${WOW} is REG_DWORD 0 (expected REG_DWORD 1)`],
  },
  {
    name: 'a string "1" is not a DWORD',
    given: given(device({ [WOW]: { type: 'REG_SZ', data: '1' } })),
    outcome: 'fail',
    message: ['is REG_SZ "1"'],
  },
  {
    name: 'the MSIP key was collected without the value',
    given: given(device({}, { collectedRegistryKeys: [MSIP_KEY] })),
    outcome: 'fail',
    message: ['is not set in the collected key'],
  },
  {
    name: 'a collected parent key with subkeys (KEY\\*) covers the MSIP key',
    given: given(device({}, { collectedRegistryKeys: ['HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\*'] })),
    outcome: 'fail',
    message: ['is not set in the collected key'],
  },
  {
    name: 'a registry snapshot of other keys only: the MSIP key was never collected, so unknown, not fail',
    given: given(
      device(
        { 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Cloud\\Office\\16.0\\x': { type: 'REG_DWORD', data: 1 } },
        { collectedRegistryKeys: ['HKLM\\SOFTWARE\\Policies\\Microsoft\\Cloud\\Office\\16.0'] },
      ),
    ),
    outcome: 'unknown',
    message: [`its key ${MSIP_KEY} was not collected`],
  },
  {
    name: 'values without a statement of collected keys: unknown',
    given: given(
      device({ 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Cloud\\Office\\16.0\\x': { type: 'REG_DWORD', data: 1 } }),
    ),
    outcome: 'unknown',
    message: ['collectedRegistryKeys does not list it'],
  },
  {
    name: 'registry not collected',
    given: given(device(undefined)),
    outcome: 'unknown',
    message: ['UseDefaultCredentialsInProxy'],
  },
  {
    name: 'labeling client state not collected',
    given: given({ id: 'WS-0412', platform: 'windows', registry: {} } as ReturnType<typeof device>),
    outcome: 'unknown',
    message: ['device.labelingClient.installed'],
  },
  {
    name: 'no labeling client',
    given: given(device({}, { labelingClient: { installed: false } })),
    outcome: 'notApplicable',
  },
  {
    name: 'the proxy is configured without a PAC file',
    given: given(device({}), { proxy: { inUse: true, usesPacFile: false } }),
    outcome: 'notApplicable',
  },
  { name: 'no proxy', given: given(device({}), { proxy: { inUse: false } }), outcome: 'notApplicable' },
  {
    name: 'a Mac is not checked',
    given: { network: pacProxy, devices: [{ id: 'MAC-07', platform: 'macos', labelingClient: { installed: true } }] },
    outcome: 'skipped',
  },
]);
