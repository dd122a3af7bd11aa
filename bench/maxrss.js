// Peak memory where /usr/bin/time is missing: preloaded with `node --import`, it writes the
// process's peak resident set size (KB, from process.resourceUsage().maxRSS) to $CC_MAXRSS_FILE.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.CC_MAXRSS_FILE) writeFileSync(process.env.CC_MAXRSS_FILE, String(process.resourceUsage().maxRSS));
});
