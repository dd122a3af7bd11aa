// `report --format html`: the monthly page. The figures are the summary every format shows (the
// page adds nothing of its own to count); what only the page needs is kept as the sessions stream
// past: the incomplete ones, for the follow-up lists (oldest unreviewed first, newest reviewed).
import type { ChecklistLabels } from '../../checklist/labels.js';
import type { Translate } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import type { ReportSession } from '../document.js';
import type { Output } from '../output.js';
import { describeProblem } from '../problems.js';
import type { Formatter } from '../run.js';
import { renderPage, type FollowRow } from './page.js';
import type { Period } from './period.js';

/** Rows of each follow-up list on the page; the rest are counted ("and N more"). */
export const FOLLOW_ROWS = 60;
/** Integrity problems listed by line; the rest are counted. */
export const INTEGRITY_LINES = 30;

export interface HtmlOptions {
  locale: Locale;
  tr: Translate;
  labels: ChecklistLabels;
  organization: string;
  period: Period;
  filters: string;
  version: string;
  archive?: string;
  now?: () => Date;
}

const byStart = (a: FollowRow, b: FollowRow) => ((a.startedAt ?? '') < (b.startedAt ?? '') ? -1 : (a.startedAt ?? '') > (b.startedAt ?? '') ? 1 : 0);

export async function htmlFormatter(out: Output, opts: HtmlOptions): Promise<Formatter> {
  // BudouX (Japanese phrase breaks) loads only for a page.
  const { loadDefaultJapaneseParser } = await import('budoux');
  const parser = loadDefaultJapaneseParser();
  const unreviewed: FollowRow[] = [];
  const reviewed: FollowRow[] = [];
  return {
    begin: () => undefined,
    session(s: ReportSession) {
      if (s.flags.length === 0) return;
      const row: FollowRow = { startedAt: s.startedAt, terminal: s.terminal, operator: s.operator, checklist: s.checklist, flags: s.flags };
      const last = s.reviews?.at(-1);
      if (s.reviewed) reviewed.push(last ? { ...row, review: last } : row);
      else unreviewed.push(row);
    },
    async end(summary, integrity, source) {
      const lines: string[] = [];
      for await (const p of integrity.items()) {
        if (lines.length >= INTEGRITY_LINES) break;
        lines.push(describeProblem(opts.tr, p));
      }
      unreviewed.sort(byStart);
      reviewed.sort((a, b) => byStart(b, a));
      const page = await renderPage({
        locale: opts.locale,
        tr: opts.tr,
        organization: opts.organization,
        period: opts.period,
        made: (opts.now ?? (() => new Date()))(),
        version: opts.version,
        source: { ...source, ...(opts.archive !== undefined ? { archive: opts.archive } : {}) },
        filters: opts.filters,
        summary: summary.toJSON(),
        integrity: { count: integrity.count, lines },
        followUp: {
          unreviewed: unreviewed.slice(0, FOLLOW_ROWS),
          unreviewedMore: Math.max(0, unreviewed.length - FOLLOW_ROWS),
          reviewed: reviewed.slice(0, FOLLOW_ROWS),
          reviewedMore: Math.max(0, reviewed.length - FOLLOW_ROWS),
        },
        labels: opts.labels,
        phrases: (text) => parser.parse(text),
      });
      await out.write(page);
      await out.flush();
    },
  };
}
