// The parse floor: the least any tool must do with a JSON Lines inventory — read every line and JSON.parse it.
import { createReadStream } from 'node:fs';

/** Reads `file` as UTF-8 in large chunks, parses every non-empty line, returns the number of lines parsed. */
export async function parseEveryLine(file) {
  let lines = 0;
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + chunk;
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      if (end > start) {
        JSON.parse(text.slice(start, end));
        lines++;
      }
      start = end + 1;
    }
    rest = text.slice(start);
  }
  if (rest.trim() !== '') {
    JSON.parse(rest);
    lines++;
  }
  return lines;
}

if (process.argv[2]) {
  const started = process.hrtime.bigint();
  const lines = await parseEveryLine(process.argv[2]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({ lines, seconds }));
}
