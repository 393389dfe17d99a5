import { it } from 'vitest';
import { getSchemas } from '../../aipcheck.js';
import { createImporters } from '../../inventories/importers/index.js';

it('profile', () => {
  const importers = createImporters(getSchemas().inventory);
  for (const [name, g] of Object.entries({
    reg: (n: number) => `Windows Registry Editor Version 5.00\n[HKLM\\X]\n"a"=hex:${'00,\\\n'.repeat(n)}`,
    line: (n: number) => 'a'.repeat(n * 100),
    hdr: (n: number) => `${'DeviceName,'.repeat(n * 10)}OSVersion\n`,
    maps: (n: number) => `${Array.from({ length: n / 10 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')} 1\nb: 2\n`,
  }))
    for (const n of [5000, 20000]) {
      const text = g(n);
      for (const imp of importers) {
        let s = performance.now();
        imp.detect(text, 'in.txt');
        const d = performance.now() - s;
        s = performance.now();
        imp.import(text, 'in.txt');
        const i = performance.now() - s;
        if (d + i > 30) console.log(name, n, text.length, imp.name, Math.round(d), Math.round(i));
      }
    }
}, 600000);
