// Shared test fixtures: a small checklist, the shipped one, and a deterministic kiosk config.
import { Checklist } from '../../src/checklist/schema.js';
import { loadChecklistFile, shippedChecklistDir } from '../../src/checklist/load.js';
import type { KioskConfig } from '../../src/session/kiosk.js';
import path from 'node:path';

const text = (s: string) => ({ ja: `${s}（日本語）`, en: s });

/** Three items over two sections, one optional; an interrupt reason with and one without a note. */
export const smallChecklist = Checklist.parse({
  id: 'small',
  version: '1.0.0',
  title: text('Small'),
  sections: [
    {
      id: 'start',
      title: text('Start'),
      items: [
        { id: 'initial', text: text('Initial screen'), required: true, role: 'initial-screen' },
        { id: 'optional', text: text('Optional'), required: false },
      ],
    },
    { id: 'end', title: text('End'), items: [{ id: 'last', text: text('Last'), required: true }] },
  ],
  logoutGate: { title: text('Gate'), items: [{ id: 'logged-out', text: text('Logged out') }] },
  interruptReasons: [
    { id: 'left', text: text('Citizen left') },
    { id: 'other', text: text('Other'), note: true },
  ],
});

export const SMALL_SHA = 'a'.repeat(64);

export const shipped = () => loadChecklistFile(path.join(shippedChecklistDir(), 'mynapoint-support.json'));

/** A kiosk config for tests; `checklist`/`checklistSha256` give a single flow. */
export function kioskConfig(
  overrides: Partial<KioskConfig> & { checklist?: Checklist; checklistSha256?: string } = {},
): KioskConfig {
  const { checklist = smallChecklist, checklistSha256 = SMALL_SHA, ...rest } = overrides;
  return {
    terminal: 'T-01',
    flows: [{ checklist, sha256: checklistSha256 }],
    operatorPattern: '^[A-Za-z0-9-]{2,16}$',
    idleLimitMs: 5 * 60_000,
    summaryMs: 10_000,
    kioskLock: false,
    ...rest,
  };
}

/** The supervisor PIN in tests. */
export const TEST_PIN = '2468';
export const checkTestPin = (pin: string) => pin === TEST_PIN;

/** Deterministic v4-shaped ids for tests. */
export function idGenerator() {
  let n = 0;
  return () => {
    n += 1;
    return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  };
}

/** The happy path through a checklist: Enter on each check item, `y` on each question. */
export function happyPath(checklist: Checklist): ('\r' | 'y')[] {
  const answers: Record<string, string> = {};
  const keys: ('\r' | 'y')[] = [];
  for (const section of checklist.sections) {
    for (const item of section.items) {
      if (item.showIf && answers[item.showIf.item] !== item.showIf.answer) continue;
      answers[item.id] = item.kind === 'yesno' ? 'yes' : 'done';
      keys.push(item.kind === 'yesno' ? 'y' : '\r');
    }
  }
  return keys;
}

/** A question and an item shown only when it is answered no. */
export const conditionalChecklist = Checklist.parse({
  id: 'conditional',
  version: '1.0.0',
  title: text('Conditional'),
  sections: [
    {
      id: 'only',
      title: text('Only'),
      items: [
        { id: 'initial', text: text('Initial screen'), required: true, role: 'initial-screen' },
        { id: 'pin-ok', kind: 'yesno', text: text('PIN accepted?'), required: true },
        { id: 'pin-reset', text: text('Guide to PIN reset'), required: true, showIf: { item: 'pin-ok', answer: 'no' } },
        { id: 'done', text: text('Done'), required: false },
      ],
    },
  ],
  logoutGate: { title: text('Gate'), items: [{ id: 'logged-out', text: text('Logged out') }] },
  interruptReasons: [{ id: 'left', text: text('Citizen left') }],
});
