// How the review timeline and the monthly report name a session's steps: by its own checklist
// version's words when that version is kept, else by the newest version that has the id.
import path from 'node:path';
import { fit, flowName, layout, sessionRow } from '../src/report/table.js';
import { describe, expect, it } from 'vitest';
import { checklistLabels } from '../src/checklist/labels.js';
import { loadChecklists, shippedChecklistDir } from '../src/checklist/load.js';
import { Checklist, type LoadedChecklist } from '../src/checklist/schema.js';
import { translator } from '../src/i18n/index.js';
import { describeEntry } from '../src/review/describe.js';
import type { LogRecord } from '../src/domain/record.js';
import type { TimelineEntry } from '../src/review/model.js';

const tx = (s: string) => ({ ja: `${s}（ja）`, en: s });
const version = (v: string, items: [string, string][], reasons: [string, string][] = [['other', 'Other']]) =>
  Checklist.parse({
    id: 'flow',
    version: v,
    title: tx(`Flow ${v}`),
    sections: [
      {
        id: 'start',
        title: tx(`Start ${v}`),
        items: items.map(([id, text], i) => ({ id, text: tx(text), required: true, ...(i === 0 ? { role: 'initial-screen' } : {}) })),
      },
    ],
    logoutGate: { title: tx('Gate'), items: [{ id: 'logged-out', text: tx('Logged out') }] },
    interruptReasons: reasons.map(([id, text]) => ({ id, text: tx(text) })),
  });
const loaded = (checklist: Checklist, history: Checklist[] = []): LoadedChecklist => ({
  checklist,
  file: `${checklist.version}.json`,
  sha256: '0'.repeat(64),
  history: history.map((h) => ({ checklist: h, file: `${h.version}.json`, sha256: '0'.repeat(64) })),
});

describe('checklistLabels across versions', () => {
  const v1 = version('1.0.0', [['initial', 'Initial v1'], ['dropped', 'Dropped step'], ['kept', 'Kept v1']], [['left', 'Left v1'], ['gone', 'Gone reason']]);
  const v2 = version('2.0.0', [['initial', 'Initial v2'], ['kept', 'Kept v2'], ['added', 'Added step']], [['left', 'Left v2']]);
  const labels = checklistLabels([loaded(v2, [v1])], 'en');

  it("a session's own version names its steps, when it is kept", () => {
    expect(labels.item('flow', 'kept', '1.0.0')).toBe('Kept v1');
    expect(labels.section('flow', 'start', '1.0.0')).toBe('Start 1.0.0');
    expect(labels.reason('flow', 'left', '1.0.0')).toBe('Left v1');
    expect(labels.title('flow', '1.0.0')).toBe('Flow 1.0.0');
    expect(labels.item('flow', 'kept', '2.0.0')).toBe('Kept v2');
  });

  it('without a version (or an unknown one): the newest version that has the id', () => {
    expect(labels.item('flow', 'kept')).toBe('Kept v2');
    expect(labels.item('flow', 'dropped')).toBe('Dropped step');
    expect(labels.reason('flow', 'gone', null)).toBe('Gone reason');
    expect(labels.item('flow', 'dropped', '1.5.0')).toBe('Dropped step');
    expect(labels.title('flow')).toBe('Flow 2.0.0');
    expect(labels.item('flow', 'nowhere')).toBeUndefined();
    expect(labels.item('other-flow', 'kept')).toBeUndefined();
  });
});

const t0 = (locale: 'ja' | 'en') => translator(locale);

describe('a Mynapoint session logged with 1.2.0', () => {
  const shipped = loadChecklists([shippedChecklistDir()]);
  const rec = (type: string, payload: Record<string, unknown>, seq: number) =>
    ({ v: 1, seq, ts: '2023-06-01T10:00:00.000+09:00', terminal: 'T-01', operator: 'S-01', session: 's', prev: '0'.repeat(64), type, payload }) as unknown as LogRecord;
  const entry = (r: LogRecord): TimelineEntry => ({ kind: 'record', item: { record: r } }) as unknown as TimelineEntry;

  it('is named with the 1.2.0 words, in the review timeline and the report labels', () => {
    for (const locale of ['ja', 'en'] as const) {
      const labels = checklistLabels(shipped, locale);
      const old = shipped.find((c) => c.checklist.id === 'mynapoint-support')!.history![0]!.checklist;
      const words = new Map(old.sections.flatMap((s) => s.items.map((i) => [i.id, i.text[locale]] as const)));
      // Steps 2.0.0 no longer has, with and without the version.
      for (const id of ['measures-chosen', 'account-own-name', 'payment-id-entered', 'hotline-guided']) {
        expect(labels.item('mynapoint-support', id, '1.2.0'), id).toBe(words.get(id));
        expect(labels.item('mynapoint-support', id), id).toBe(words.get(id));
      }
      // A step both versions have reads as 1.2.0 said it, when the session's version is known.
      expect(labels.item('mynapoint-support', 'initial-screen', '1.2.0')).toBe(words.get('initial-screen'));
      expect(labels.section('mynapoint-support', 'measures', '1.2.0')).toBe(old.sections.find((s) => s.id === 'measures')!.title[locale]);
      expect(labels.title('mynapoint-support', '1.2.0')).toBe(old.title[locale]);
      expect(labels.title('mynapoint-support', '2.0.0')).not.toBe(old.title[locale]);
      // The report table's and the review list's flow column too: the title it ran under.
      expect(flowName(labels, 'mynapoint-support', '1.2.0')).toBe(old.title[locale]);
      expect(flowName(labels, 'mynapoint-support', '2.0.0')).toBe(labels.title('mynapoint-support', '2.0.0'));
      const row = sessionRow(
        { id: 's', terminal: 'T-01', operator: 'S-01', checklist: 'mynapoint-support', checklistVersion: '1.2.0', startedAt: '2023-06-01T10:00:00.000+09:00', endedAt: null, outcome: 'open', logoutConfirmed: false, flags: ['no-logout'], interrupts: [], skips: [], notApplicable: [], reviewed: false },
        t0(locale),
        locale,
        layout(t0(locale), locale, 160),
        labels,
      );
      expect(row).toContain(fit(old.title[locale], layout(t0(locale), locale, 160).flow));

      const t = translator(locale);
      const ctx = { t, locale, labels, checklist: 'mynapoint-support', version: '1.2.0' };
      const start = describeEntry(entry(rec('session-start', { checklist: 'mynapoint-support', checklistVersion: '1.2.0', checklistSha256: 'a'.repeat(64) }, 1)), ctx);
      expect(start.text).toContain(old.title[locale]);
      const step = describeEntry(entry(rec('step', { action: 'confirm', section: 'measures', item: 'measures-chosen' }, 2)), ctx);
      expect(step.text).toContain(words.get('measures-chosen')!);
      // The timeline without the version still names the dropped step (the newest version that has it).
      const noVersion = describeEntry(entry(rec('step', { action: 'confirm', section: 'payment', item: 'payment-id-entered' }, 3)), { t, locale, labels, checklist: 'mynapoint-support' });
      expect(noVersion.text).toContain(words.get('payment-id-entered')!);
    }
  });

  it('the history file is where the loader keeps it', () => {
    const myna = shipped.find((c) => c.checklist.id === 'mynapoint-support')!;
    expect(myna.history!.map((h) => path.basename(h.file))).toEqual(['mynapoint-support-1.2.0.json']);
  });
});
