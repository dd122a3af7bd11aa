// The throughput baseline of the report budget: a minimal Node loop that streams every file, splits lines and
// JSON.parses them (no validation, no hashing, no grouping). Prints the number of records parsed.
//
//   node bench/baseline-parse.js DIR            the idiomatic loop: a UTF-8 read stream, split('\n')
//   node bench/baseline-parse.js DIR --buffers  a hand-tuned loop: Buffer chunks, indexOf, toString
//                                              per line (for reference: the floor of any reader)
import { createReadStream, readdirSync } from 'node:fs';
import path from 'node:path';

function* files(dir) {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (e.name.endsWith('.jsonl')) yield p;
  }
}

const [dir, mode] = process.argv.slice(2);
let records = 0;
for (const file of files(dir)) {
  if (mode === '--buffers') {
    let rest = null;
    for await (let chunk of createReadStream(file)) {
      if (rest) chunk = Buffer.concat([rest, chunk]);
      let start = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
        JSON.parse(chunk.toString('utf8', start, nl));
        records++;
        start = nl + 1;
      }
      rest = start < chunk.length ? chunk.subarray(start) : null;
    }
  } else {
    let rest = '';
    for await (const chunk of createReadStream(file, { encoding: 'utf8' })) {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      for (const line of lines) {
        JSON.parse(line);
        records++;
      }
    }
  }
}
console.log(records);
