// Timeline entries in words: what was done, where in the checklist (the section and item TEXT of
// the installed checklist, the ids when it is not installed), and why. Pure: the screens and the
// tests call it with a translator and the checklists.
import path from 'node:path';
import { printable } from '../domain/text.js';
import type { ChecklistLabels } from '../checklist/labels.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import type { LogRecord } from '../domain/record.js';
import type { Flag, SessionOutcome } from '../domain/flags.js';
import type { TimelineEntry } from './model.js';
import type { Locale } from '../i18n/locale.js';
import { formatStamp } from '../report/dates.js';
import { problemText } from '../report/problems.js';

export { checklistLabels, NO_LABELS, type ChecklistLabels } from '../checklist/labels.js';

export interface DescribeContext {
  t: Translate;
  /** The reader's language (the dates' format). */
  locale: Locale;
  labels: ChecklistLabels;
  /** The session's checklist id (null when its start was not read). */
  checklist: string | null;
  /** The session's checklist version (its start's `checklistVersion`), to name steps in that version's words. */
  version?: string | null;
}

/** One timeline line: the counter's time, what was done, where and why; `detail` is the whole story. */
export interface Described {
  time: string;
  what: string;
  text: string;
  detail: string;
}

/**
 * Times as the counter's clock showed them (the offset written in the record, not this machine's
 * zone), in the report's format: `令和8/11/27 09:05` / `2026-11-27 09:05` for a session's start and
 * end ('-' when unknown), `11/27 09:05:12` / `11-27 09:05:12` for a record within it.
 */
export { formatCounterDay as counterDate, formatStart as counterDateTime, formatStamp as counterStamp } from '../report/dates.js';

export const outcomeText = (t: Translate, o: SessionOutcome) => t(`report.outcome.${o}`);
export const flagsText = (t: Translate, flags: readonly Flag[]) =>
  flags.length === 0 ? t('review.noFlags') : flags.map((f) => t(`report.flag.${f}`)).join(t('review.flagSeparator'));

/** `本人確認 / ご本人のカードである`: the texts, or the ids when the checklist is not installed. */
function where(ctx: DescribeContext, section: string | undefined, item: string | undefined): string {
  const c = ctx.checklist;
  const s = section === undefined ? undefined : (c !== null ? ctx.labels.section(c, section, ctx.version) : undefined) ?? section;
  const i = item === undefined ? undefined : (c !== null ? ctx.labels.item(c, item, ctx.version) : undefined) ?? item;
  if (s !== undefined && i !== undefined) return ctx.t('review.tl.step', { section: s, item: i });
  return s ?? i ?? '';
}

const WHAT: Partial<Record<LogRecord['type'], MessageKey>> = {
  'session-start': 'review.what.start',
  'checklist-complete': 'review.what.complete',
  interrupt: 'review.what.interrupt',
  logout: 'review.what.logout',
  recovery: 'review.what.recovery',
  idle: 'review.what.idle',
  exit: 'review.what.exit',
};

/** What a record of type `type` is, in a word or two (for the recovery's "last record"). */
function recordWord(t: Translate, type: string): string {
  if (type === 'step') return t('review.what.confirm');
  const key = WHAT[type as LogRecord['type']];
  return key ? t(key) : type;
}

function describeRecord(r: LogRecord, ctx: DescribeContext): { what: string; text: string; detail?: string } {
  const { t } = ctx;
  switch (r.type) {
    case 'session-start': {
      const title = ctx.labels.title(r.payload.checklist, r.payload.checklistVersion) ?? r.payload.checklist;
      return { what: t('review.what.start'), text: t('review.tl.start', { title, version: r.payload.checklistVersion }) };
    }
    case 'step': {
      const p = r.payload;
      const at = where(ctx, p.section, p.item);
      const reason = p.reason !== undefined && p.reason !== '' ? `  ${t('review.tl.reason', { reason: p.reason })}` : '';
      switch (p.action) {
        case 'confirm':
          return { what: t('review.what.confirm'), text: at };
        case 'back':
          return { what: t('review.what.back'), text: at };
        case 'answer': {
          const answer = p.answer === undefined ? '' : `${t(`review.tl.answer.${p.answer}`)}  `;
          return { what: t('review.what.answer'), text: `${answer}${at}` };
        }
        case 'skip':
          return { what: t('review.what.skip'), text: `${at}${p.required ? t('review.tl.required') : ''}${reason}` };
        case 'not-applicable':
          return { what: t('review.what.notApplicable'), text: at };
      }
      break;
    }
    case 'checklist-complete':
      return { what: t('review.what.complete'), text: t('review.tl.complete') };
    case 'interrupt': {
      const p = r.payload;
      const c = ctx.checklist;
      const label = (c !== null ? ctx.labels.reason(c, p.reason, ctx.version) : undefined) ?? p.reason;
      const reason = p.note !== undefined && p.note !== '' ? `${label}: ${p.note}` : label;
      const at = where(ctx, p.section, p.item);
      return { what: t('review.what.interrupt'), text: at !== '' ? t('review.tl.interruptAt', { reason, where: at }) : reason };
    }
    case 'logout':
      return { what: t('review.what.logout'), text: t('review.tl.logout', { outcome: outcomeText(t, r.payload.outcome) }) };
    case 'recovery': {
      const last = `seq ${r.payload.lastSeq} ${recordWord(t, r.payload.lastType)}`;
      return { what: t('review.what.recovery'), text: t('review.tl.recovery', { last }) };
    }
    case 'idle':
      return { what: t('review.what.idle'), text: t('review.tl.idle', { seconds: r.payload.idleSeconds }) };
    case 'exit':
      return { what: t('review.what.exit'), text: t('review.tl.exit', { signal: r.payload.signal }) };
    default:
      break;
  }
  return { what: t('review.what.other'), text: r.type };
}

export function describeEntry(entry: TimelineEntry, ctx: DescribeContext): Described {
  const { t } = ctx;
  switch (entry.kind) {
    case 'record': {
      const r = entry.item.record;
      const d = describeRecord(r, ctx);
      return { time: formatStamp(r.ts, ctx.locale), what: d.what, text: d.text, detail: d.detail ?? d.text };
    }
    case 'problem': {
      const p = entry.item;
      const problem = problemText(t, p.code, p.params);
      return {
        time: '',
        what: t('review.what.problem'),
        // File names and a bad line's keys come from outside: no control character reaches the screen.
        text: printable(t('review.tl.problem', { file: path.basename(p.file), line: p.line, problem })),
        detail: printable(t('review.tl.problem', { file: p.file, line: p.line, problem })),
      };
    }
    case 'no-logout':
      return { time: '', what: t('review.what.no-logout'), text: t('review.tl.noLogout'), detail: t('review.tl.noLogout') };
    case 'review': {
      const r = entry.review;
      const text = t('review.tl.review', { reviewer: r.reviewer, note: r.note });
      return { time: formatStamp(r.at, ctx.locale), what: t('review.what.review'), text, detail: text };
    }
  }
}
