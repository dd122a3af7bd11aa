// `--format json`: the document of ./document.ts, written as it streams (one session per line, so a
// million-record report never holds its sessions in memory) and still one valid JSON document.
import type { IntegrityEntry } from './document.js';
import type { Output } from './output.js';
import type { Formatter } from './run.js';

export function jsonFormatter(out: Output): Formatter {
  let sessions = 0;
  return {
    begin: () => out.write('{"sessions":['),
    session: (s) => out.write(`${sessions++ ? ',\n' : '\n'}${JSON.stringify(s)}`),
    async end(summary, integrity) {
      await out.write(`${sessions ? '\n' : ''}],\n"summary":${JSON.stringify(summary.toJSON())},\n"integrity":[`);
      let n = 0;
      for await (const p of integrity.items()) {
        const entry: IntegrityEntry = { file: p.file, line: p.line, problem: p.problem };
        const wait = out.write(`${n++ ? ',\n' : '\n'}${JSON.stringify(entry)}`);
        if (wait) await wait;
      }
      await out.write(`${n ? '\n' : ''}]}\n`);
      await out.flush();
    },
  };
}
