// The tlsMinimumEnabled operator: is a TLS client protocol at or above a minimum effectively on, OS defaults included?
import { type CompiledOperator, type Operator, recordValueErrors } from './operator.js';

/** TLS client protocols of the inventory's `tls` object, lowest first. */
const PROTOCOLS = [
  { key: 'tls10', version: '1.0' },
  { key: 'tls11', version: '1.1' },
  { key: 'tls12', version: '1.2' },
  { key: 'tls13', version: '1.3' },
] as const;
type TlsVersion = (typeof PROTOCOLS)[number]['version'];
const VERSIONS: readonly string[] = PROTOCOLS.map((p) => p.version);

/** Value of `tlsMinimumEnabled`. */
export interface TlsMinimumValue {
  /** The lowest acceptable protocol version, e.g. `1.2`. */
  minimum: TlsVersion;
  /** Protocols the device's OS turns on when there is no explicit setting (`[]`: count explicit settings only). */
  enabledByDefault: TlsVersion[];
}

interface ProtocolSetting {
  enabled?: unknown;
  disabledByDefault?: unknown;
}

/**
 * Reads a `tlsMinimumEnabled` value (a literal was checked by the schema; a value read from a fact was not).
 *
 * @throws {TypeError} when it is not `{ minimum, enabledByDefault }` of TLS versions.
 */
function readValue(value: unknown): TlsMinimumValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('tlsMinimumEnabled: needs a value { minimum, enabledByDefault }');
  }
  const { minimum, enabledByDefault } = value as Record<string, unknown>;
  if (!VERSIONS.includes(minimum as string)) {
    throw new TypeError(`tlsMinimumEnabled: minimum must be one of ${VERSIONS.join(', ')}`);
  }
  if (!Array.isArray(enabledByDefault) || !enabledByDefault.every((v) => VERSIONS.includes(v as string))) {
    throw new TypeError(`tlsMinimumEnabled: enabledByDefault must list versions among ${VERSIONS.join(', ')}`);
  }
  return value as TlsMinimumValue;
}

function readSettings(fact: unknown): Record<string, unknown> {
  if (typeof fact !== 'object' || fact === null || Array.isArray(fact)) {
    throw new TypeError('tlsMinimumEnabled needs the TLS settings object of a device');
  }
  return fact as Record<string, unknown>;
}

interface ProtocolState {
  version: TlsVersion;
  on: boolean;
  why: string;
}

/**
 * The effective state of one protocol, as SCHANNEL decides it: an explicit `Enabled` or `DisabledByDefault`
 * overrides the OS default, and a protocol is usable only when it is enabled and not disabled by default.
 */
function protocolState(setting: ProtocolSetting | undefined, version: TlsVersion, defaultOn: boolean): ProtocolState {
  const enabled = typeof setting?.enabled === 'boolean' ? setting.enabled : undefined;
  const disabledByDefault = typeof setting?.disabledByDefault === 'boolean' ? setting.disabledByDefault : undefined;
  const name = `TLS ${version}`;
  if (enabled === undefined && disabledByDefault === undefined) {
    return defaultOn
      ? { version, on: true, why: `${name} has no explicit setting and is on by default` }
      : { version, on: false, why: `${name} has no explicit setting and is not on by default on this OS` };
  }
  if (enabled === false) return { version, on: false, why: `${name} is disabled (Enabled=0)` };
  if (disabledByDefault === true)
    return { version, on: false, why: `${name} is disabled by default (DisabledByDefault=1)` };
  if (enabled === undefined && !defaultOn) {
    return {
      version,
      on: false,
      why: `${name} has DisabledByDefault=0 but no Enabled=1, and is not on by default on this OS`,
    };
  }
  if (disabledByDefault === undefined && !defaultOn) {
    return {
      version,
      on: false,
      why: `${name} has Enabled=1 but no DisabledByDefault=0, and is off by default on this OS`,
    };
  }
  return { version, on: true, why: `${name} is enabled` };
}

/** `protocolState(...).on` without building the explanation: the decision, run once per device and rule. */
function protocolOn(setting: ProtocolSetting | undefined, defaultOn: boolean): boolean {
  const enabled = typeof setting?.enabled === 'boolean' ? setting.enabled : undefined;
  const disabledByDefault = typeof setting?.disabledByDefault === 'boolean' ? setting.disabledByDefault : undefined;
  if (enabled === undefined && disabledByDefault === undefined) return defaultOn;
  if (enabled === false || disabledByDefault === true) return false;
  if ((enabled === undefined || disabledByDefault === undefined) && !defaultOn) return false;
  return true;
}

/** A protocol at or above the minimum, and whether the OS turns it on without an explicit setting. */
interface Acceptable {
  key: (typeof PROTOCOLS)[number]['key'];
  version: TlsVersion;
  defaultOn: boolean;
}

function acceptableProtocols(value: unknown): Acceptable[] {
  const { minimum, enabledByDefault } = readValue(value);
  const lowest = VERSIONS.indexOf(minimum);
  return PROTOCOLS.filter((p) => VERSIONS.indexOf(p.version) >= lowest).map((p) => ({
    key: p.key,
    version: p.version,
    defaultOn: enabledByDefault.includes(p.version),
  }));
}

function notCollected(settings: Record<string, unknown>): boolean {
  return (settings as { collected?: unknown }).collected === false;
}

/**
 * `tlsMinimumEnabled`: fact = a device's TLS client settings (`{ tls10?, tls11?, tls12?, tls13?, collected? }`,
 * each `{ enabled?, disabledByDefault? }`); value = `{ minimum, enabledByDefault }`. True when some protocol at or
 * above `minimum` is effectively on: explicitly enabled and not disabled by default, or without explicit setting
 * and listed in `enabledByDefault`.
 *
 * Undecided (undefined, so the outcome is unknown) when the settings say they were not collected (`collected: false`).
 */
export const tlsMinimumEnabled: Operator = {
  name: 'tlsMinimumEnabled',
  valueSchema: {
    type: 'object',
    required: ['minimum', 'enabledByDefault'],
    additionalProperties: false,
    properties: {
      minimum: { enum: VERSIONS, errorMessage: `minimum must be one of ${VERSIONS.join(', ')}` },
      enabledByDefault: {
        type: 'array',
        items: { enum: VERSIONS },
        errorMessage: `enabledByDefault must list versions among ${VERSIONS.join(', ')}`,
      },
    },
    errorMessage: recordValueErrors('{ minimum, enabledByDefault }'),
  },
  compile: (value): CompiledOperator => {
    const acceptable = acceptableProtocols(value);
    return {
      // `collected: false` says the object holds no observation; judging it by OS defaults would invent a pass.
      test: (fact) => {
        const settings = readSettings(fact);
        if (notCollected(settings)) return undefined;
        return acceptable.some((p) => protocolOn(settings[p.key] as ProtocolSetting | undefined, p.defaultOn));
      },
      explain: (fact) => {
        const settings = readSettings(fact);
        if (notCollected(settings)) return 'device.tls (TLS settings were not collected: tls.collected is false)';
        const states = acceptable.map((p) =>
          protocolState(settings[p.key] as ProtocolSetting | undefined, p.version, p.defaultOn),
        );
        const on = states.find((state) => state.on);
        return on ? on.why : states.map((state) => state.why).join(', ');
      },
    };
  },
};
