// The supervisor's archive in tests: collect and report in process (the real commands, given a
// capturing stdout), and a report document normalised so that a raw-path report over the sticks and
// a report of the archive can be compared (their integrity entries name different copies of a file).
import path from 'node:path';
import { Writable } from 'node:stream';
import { runCollect, type CollectSummary } from '../../src/archive/collect.js';
import { runReportCommand } from '../../src/report/command.js';
import type { ReportDocument } from '../../src/report/document.js';
import { reviewsForReport } from '../../src/review/log.js';

export class Capture extends Writable {
  chunks: string[] = [];
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.chunks.push(chunk.toString('utf8'));
    done();
  }
  get text() {
    return this.chunks.join('');
  }
}

/** `collect SOURCES --archive DIR --format json` in process: exit code and summary. */
export async function collectJson(sources: string[], archive: string, extra: { rebuild?: boolean } = {}): Promise<{ code: number; summary: CollectSummary }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCollect(sources, { archive, format: 'json', ...extra }, { stdout, stderr }, 'en');
  return { code, summary: JSON.parse(stdout.text) as CollectSummary };
}

/** `report` as JSON: of the archive (`{ archive }`) or of raw paths, with this home's review log. */
export async function reportDoc(from: { archive: string } | { paths: string[] }, options: Record<string, string | boolean> = {}): Promise<ReportDocument> {
  const stdout = new Capture();
  const reviewsOf = async () => {
    const reviews = await reviewsForReport(() => {}, 'en');
    return { reviewed: new Set(reviews.keys()), reviews };
  };
  const paths = 'paths' in from ? from.paths : [];
  await runReportCommand(paths, { format: 'json', ...options }, { stdout, err: () => {} }, 'en', reviewsOf, 'archive' in from ? from.archive : undefined);
  return JSON.parse(stdout.text) as ReportDocument;
}

/** A document with its integrity entries named by terminal folder and file name only. */
export function normalised(doc: ReportDocument): ReportDocument {
  return {
    ...doc,
    integrity: doc.integrity.map((p) => ({ ...p, file: path.join(path.basename(path.dirname(p.file)), path.basename(p.file)) })),
  };
}
