// The windowsKindIs operator: does an OS record describe a Windows client or a Windows Server?
import { candidateProducts, serverOnlyRelease } from '../versions/tables.js';
import { type CompiledOperator, type Operator, recordValueErrors } from './operator.js';

type WindowsKind = 'client' | 'server';
const KINDS: readonly WindowsKind[] = ['client', 'server'];

/** Value of `windowsKindIs`: the kind wanted, and the kind assumed when the record gives no hint. */
export interface WindowsKindValue {
  kind: WindowsKind;
  assume: WindowsKind;
}

interface OsRecord {
  name?: unknown;
  edition?: unknown;
  type?: unknown;
  version?: unknown;
}

// Names say "Windows Server 2019"; EditionID says "ServerDatacenter", so "server" may run into the next word.
const SERVER = /\bserver/i;
const MULTI_SESSION = /^serverrdsh$/i;
const CLIENT = /\bwindows\s+(?:xp|vista|7|8(?:\.1)?|10|11)\b/i;

/**
 * Reads a `windowsKindIs` value (a literal was checked by the schema; a value read from a fact was not).
 *
 * @throws {TypeError} when it is not `{ kind, assume }`, each client or server.
 */
function readValue(value: unknown): WindowsKindValue {
  const { kind, assume } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (!KINDS.includes(kind as WindowsKind) || !KINDS.includes(assume as WindowsKind)) {
    throw new TypeError('windowsKindIs: needs a value { kind, assume }, each client or server');
  }
  return { kind: kind as WindowsKind, assume: assume as WindowsKind };
}

/**
 * Classifies an OS record. Windows clients and servers share build numbers (Windows 10 1607 and Windows Server
 * 2016 are both 10.0.14393), so the build cannot tell: `type` decides, then the multi-session edition (a client),
 * then a name or edition naming "Server", then a name naming a client release ("Windows 10 Enterprise"), then a
 * build that only a Windows Server release has (10.0.20348 is Server 2022 and no client), and only then the
 * assumption.
 */
export function classifyWindowsKind(os: OsRecord, assume: WindowsKind): { kind: WindowsKind; why: string } {
  if (os.type === 'client' || os.type === 'server') return { kind: os.type, why: `os.type is ${os.type}` };
  // Windows 10/11 Enterprise multi-session is a client release whose EditionID is "ServerRdsh".
  if (typeof os.edition === 'string' && MULTI_SESSION.test(os.edition.trim())) {
    return { kind: 'client', why: `os.edition "${os.edition}" is Windows Enterprise multi-session, a client release` };
  }
  for (const field of ['edition', 'name'] as const) {
    const text = os[field];
    if (typeof text === 'string' && SERVER.test(text))
      return { kind: 'server', why: `os.${field} "${text}" names a server` };
  }
  if (typeof os.name === 'string' && CLIENT.test(os.name)) {
    return { kind: 'client', why: `os.name "${os.name}" names a client release` };
  }
  const serverOnly = serverOnlyRelease(os.version);
  if (serverOnly)
    return { kind: 'server', why: `build ${String(os.version).trim()} is ${serverOnly}, which no client release has` };
  return { kind: assume, why: `nothing in the OS record says client or server, so it is taken as a ${assume}` };
}

const VERSION = /^\s*\d+(\.\d+)*\s*$/;

/** The Windows Server releases a server's version could be, for messages: ` (Windows Server 2022)`, or nothing. */
function serverReleaseOf(version: unknown): string {
  if ((typeof version !== 'string' && typeof version !== 'number') || !VERSION.test(String(version))) return '';
  const servers = candidateProducts('windows-server', version);
  return servers.length > 0 ? ` (${servers.join(' or ')})` : '';
}

function readOs(fact: unknown): OsRecord {
  if (typeof fact !== 'object' || fact === null || Array.isArray(fact)) {
    throw new TypeError('windowsKindIs needs an OS record { name?, edition?, type? }');
  }
  return fact as OsRecord;
}

/**
 * `windowsKindIs`: fact = an OS record `{ name?, edition?, type?, version? }`; value = `{ kind, assume }`. True
 * when the record is of `kind` (see {@link classifyWindowsKind}); `assume` decides when nothing in it tells.
 */
export const windowsKindIs: Operator = {
  name: 'windowsKindIs',
  valueSchema: {
    type: 'object',
    required: ['kind', 'assume'],
    additionalProperties: false,
    properties: {
      kind: { enum: KINDS, errorMessage: 'kind and assume must each be client or server' },
      assume: { enum: KINDS, errorMessage: 'kind and assume must each be client or server' },
    },
    errorMessage: recordValueErrors('{ kind, assume }'),
  },
  compile: (value): CompiledOperator => {
    const { kind, assume } = readValue(value);
    return {
      test: (fact) => classifyWindowsKind(readOs(fact), assume).kind === kind,
      explain: (fact) => {
        const os = readOs(fact);
        const found = classifyWindowsKind(os, assume);
        const release = found.kind === 'server' ? serverReleaseOf(os.version) : '';
        return found.kind === kind
          ? `a Windows ${kind}${release}: ${found.why}`
          : `a Windows ${found.kind}${release}, not a ${kind}: ${found.why}`;
      },
    };
  },
};
