// A report whose inventory text tries every way into an HTML page: tags, attributes, links, direction marks.
import type { Finding } from '../../engine/types.js';
import { buildReport, finding, windowsRule } from './report-fixture.js';

/** Names an attacker could give a device in an inventory. */
export const HOSTILE_NAMES = [
  '<script>window.__pwned = "script"</script>',
  '"><img src=x onerror="window.__pwned = \'img\'">',
  "<img src=x onerror=alert('img')>",
  '" onload="window.__pwned = \'attr\'" x="',
  "javascript:window.__pwned = 'link'",
  '</textarea></title></style><svg onload="window.__pwned = \'svg\'">',
  'evil\u202Egnp.exe \u2066isolated\u2069',
];

/** Every hostile name as a failing device's id, name, file and message, and as the snapshot id and inputs. */
export function hostileReport() {
  const findings: Finding[] = HOSTILE_NAMES.map((name, i) =>
    finding({
      rule: windowsRule,
      outcome: 'fail',
      target: { kind: 'device', id: `${name}-${i}`, name },
      message: `${name} runs Windows 8.1.`,
      file: `inventories/${name}.yaml`,
    }),
  );
  return buildReport({ findings, snapshotId: HOSTILE_NAMES[0], inputs: HOSTILE_NAMES });
}
