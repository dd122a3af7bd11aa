// The checklist file format. The schema is the type: everything else derives from it.
// `schema/checklist.schema.json` is generated from it (`npm run schema:checklist`); the rules checked
// in `superRefine` below cannot be expressed there, so only the loader enforces them.
import { SENSOR_CONDITIONS } from '../domain/reader.js';
import { z } from 'zod';
import { ChecklistId, ID_PATTERN } from '../domain/ids.js';
import { Locale, LOCALES } from '../i18n/locale.js';

export { ID_PATTERN, Locale, LOCALES };

/**
 * Titles and descriptions for the generated JSON Schema (editor hints). A registry of its own, so the
 * checklist's `$defs` never leak into other JSON Schemas generated in the same process.
 */
export const checklistSchemaDocs = z.registry<{ id?: string; title?: string; description?: string }>();

export const VERSION_PATTERN = /^\d+\.\d+\.\d+$/;

/**
 * A calendar date, `YYYY-MM-DD` (a real day: no 2026-02-30), read in the counter's local time. Dates
 * in this form compare as strings.
 */
export const LocalDate = z.iso.date().register(checklistSchemaDocs, {
  id: 'LocalDate',
  description: 'A date YYYY-MM-DD, in the counter\'s local time.',
});
export type LocalDate = z.infer<typeof LocalDate>;

/** Ids are short and ASCII so they read well in logs and reports (the rule: src/domain/ids.ts). */
export const Id = ChecklistId.register(checklistSchemaDocs, {
    id: 'Id',
    description: 'Lowercase letters, digits and "-", starting with a letter or digit; at most 64 characters.',
  });

/** Every user-facing string carries both translations: a missing one is refused. */
export const Text = z
  .strictObject({
    ja: z.string().trim().min(1).max(400),
    en: z.string().trim().min(1).max(400),
  })
  .register(checklistSchemaDocs, { id: 'Text', description: 'The same text in Japanese (ja) and English (en); both are required.' });
export type Text = z.infer<typeof Text>;

/** `check`: a thing the operator confirms. `yesno`: a question the operator answers yes or no. */
export const ITEM_KINDS = ['check', 'yesno'] as const;
export const ItemKind = z.enum(ITEM_KINDS);
export type ItemKind = z.infer<typeof ItemKind>;

export const ANSWERS = ['yes', 'no'] as const;
export const Answer = z.enum(ANSWERS);
export type Answer = z.infer<typeof Answer>;

/** Show an item only when an earlier yes/no item was answered `answer`. */
export const ShowIf = z
  .strictObject({
    /** The id of a `yesno` item that comes earlier in the walk (sections in order, items in order). */
    item: Id,
    answer: Answer,
  })
  .register(checklistSchemaDocs, {
    id: 'ShowIf',
    description:
      'Show this item only when the earlier yes/no item `item` was answered `answer`. The item must be a "yesno" item that comes before this one.',
  });
export type ShowIf = z.infer<typeof ShowIf>;

/**
 * A condition the card reader can sense (docs/card-reader.md): `card-absent` — no card in the reader;
 * `card-present` — a card in it. With sensing on, the item is confirmed only while it holds.
 */
export const Sensor = z.enum(SENSOR_CONDITIONS).register(checklistSchemaDocs, {
  id: 'Sensor',
  description:
    'What the card reader must sense before the item can be confirmed: "card-absent" (no card in the reader) or "card-present". Without sensing (the cardReader setting off, or no PC/SC) the item is confirmed by hand as any other.',
});
export type Sensor = z.infer<typeof Sensor>;

export const Item = z
  .strictObject({
    id: Id,
    /** Default `check`, so files written before yes/no items existed stay valid. */
    kind: ItemKind.default('check'),
    text: Text,
    /** Longer guidance shown under the item (what to check, what to say). */
    help: Text.optional(),
    /** A skipped required item flags the session `required-skipped`. */
    required: z.boolean(),
    /** Absent: always shown. Present: shown only after the named earlier yes/no item got that answer. */
    showIf: ShowIf.optional(),
    /**
     * An interrupt reason's id: once this item is confirmed (a `yesno` item: answered no), the
     * interrupt reasons open with that one chosen — Enter interrupts, Esc walks on.
     */
    thenInterrupt: Id.optional(),
    /** A condition the card reader senses (a `check` item only): confirmed only while it holds. */
    sensor: Sensor.optional(),
    /**
     * `initial-screen`: this item confirms the terminal shows the portal's initial, logged-out screen.
     * Every checklist must start with one (the safety property, docs/architecture.md): a missed logout is caught by the next session.
     */
    role: z.literal('initial-screen').optional(),
  })
  .register(checklistSchemaDocs, {
    id: 'Item',
    description:
      'One step of the walk. "check" (the default): a thing to confirm; "yesno": a question answered yes or no. Keep text short (at most 60 columns) and put guidance in help.',
  });
export type Item = z.infer<typeof Item>;

export const Section = z
  .strictObject({
    id: Id,
    title: Text,
    items: z.array(Item).min(1).max(100),
  })
  .register(checklistSchemaDocs, { id: 'Section' });
export type Section = z.infer<typeof Section>;

export const GateItem = z
  .strictObject({
    id: Id,
    text: Text,
    /** With sensing on, the gate refuses `logout` while the condition does not hold (a card left in the reader). */
    sensor: Sensor.optional(),
  })
  .register(checklistSchemaDocs, { id: 'GateItem' });
export type GateItem = z.infer<typeof GateItem>;

export const InterruptReason = z
  .strictObject({
    id: Id,
    text: Text,
    /** The operator adds a short free text (e.g. "other"). */
    note: z.boolean().default(false),
  })
  .register(checklistSchemaDocs, { id: 'InterruptReason' });
export type InterruptReason = z.infer<typeof InterruptReason>;

/**
 * The rules the loader enforces beyond types and lengths. Each issue carries `params.rule` (one of
 * these) and the values its message needs, so the loader can say it in the UI language.
 */
export type ChecklistRule =
  | 'duplicateId'
  | 'duplicateReasonId'
  | 'firstNotInitialScreen'
  | 'initialScreenNotFirst'
  | 'initialScreenKind'
  | 'initialScreenOptional'
  | 'showIfSelf'
  | 'showIfUnknown'
  | 'showIfForward'
  | 'showIfNotYesno'
  | 'thenInterruptUnknown'
  | 'sensorNotCheck'
  | 'validUntilBeforeFrom';

type Path = (string | number)[];

/** `sections[2].items[0].text.en` (`$` for the root). */
export function formatJsonPath(keys: readonly PropertyKey[]): string {
  let out = '';
  for (const k of keys) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (typeof k === 'string' && /^[A-Za-z_$][\w$]*$/.test(k)) out += out === '' ? k : `.${k}`;
    else out += `[${JSON.stringify(String(k))}]`;
  }
  return out || '$';
}

export const Checklist = z
  .strictObject({
    $schema: z.string().optional(),
    id: Id,
    version: z.string().regex(VERSION_PATTERN, 'a version like 1.0.0'),
    title: Text,
    description: Text.optional(),
    /** The first day the flow is offered at Ready (inclusive); absent: from any day. */
    validFrom: LocalDate.optional(),
    /** The last day the flow is offered at Ready (inclusive); absent: no end. */
    validUntil: LocalDate.optional(),
    sections: z.array(Section).min(1).max(50),
    logoutGate: z.strictObject({
      title: Text,
      items: z.array(GateItem).min(1).max(20),
    }),
    interruptReasons: z.array(InterruptReason).min(1).max(20),
  })
  .superRefine((c, ctx) => {
    const fail = (rule: ChecklistRule, path: Path, message: string, params: Record<string, string> = {}) =>
      ctx.addIssue({ code: 'custom', message, path, params: { rule, ...params } });

    // A period ends on or after the day it starts.
    if (c.validFrom !== undefined && c.validUntil !== undefined && c.validUntil < c.validFrom) {
      fail('validUntilBeforeFrom', ['validUntil'], `validUntil ${c.validUntil} is before validFrom ${c.validFrom}`, {
        from: c.validFrom,
        until: c.validUntil,
      });
    }

    // Ids are unique across sections, items and gate items (they name steps in the log).
    const seen = new Map<string, string>();
    const claim = (id: string, path: Path) => {
      const first = seen.get(id);
      if (first !== undefined) fail('duplicateId', path, `duplicate id "${id}" (first used at ${first})`, { id, first });
      else seen.set(id, formatJsonPath(path));
    };
    c.sections.forEach((s, si) => {
      claim(s.id, ['sections', si, 'id']);
      s.items.forEach((it, ii) => claim(it.id, ['sections', si, 'items', ii, 'id']));
    });
    c.logoutGate.items.forEach((g, gi) => claim(g.id, ['logoutGate', 'items', gi, 'id']));
    const reasons = new Map<string, string>();
    c.interruptReasons.forEach((r, ri) => {
      const path = ['interruptReasons', ri, 'id'];
      const first = reasons.get(r.id);
      if (first !== undefined) fail('duplicateReasonId', path, `duplicate interrupt reason id "${r.id}" (first used at ${first})`, { id: r.id, first });
      else reasons.set(r.id, formatJsonPath(path));
    });

    // The walk starts by confirming the portal's logged-out screen (the safety property): always shown,
    // a plain check, and required, so skipping it flags the session.
    const walk = c.sections.flatMap((s, si) => s.items.map((item, ii) => ({ item, path: ['sections', si, 'items', ii] as Path })));
    const opening = walk[0];
    if (opening && opening.item.role !== 'initial-screen') {
      fail(
        'firstNotInitialScreen',
        [...opening.path, 'role'],
        'the first item must have role "initial-screen" (confirm the portal shows its logged-out screen)',
      );
    } else if (opening) {
      if (opening.item.kind !== 'check') fail('initialScreenKind', [...opening.path, 'kind'], 'the "initial-screen" item must be a "check" item');
      if (!opening.item.required) fail('initialScreenOptional', [...opening.path, 'required'], 'the "initial-screen" item must be required');
    }
    walk.forEach(({ item, path }, i) => {
      if (i > 0 && item.role === 'initial-screen') {
        fail('initialScreenNotFirst', [...path, 'role'], 'only the first item may have role "initial-screen"');
      }
    });

    // Conditions look back only: the answer they depend on is known when the item comes up.
    const position = new Map(walk.map(({ item, path }, i) => [item.id, { i, item, path }] as const));
    walk.forEach(({ item, path }, i) => {
      if (!item.showIf) return;
      const ref = item.showIf.item;
      const at = [...path, 'showIf', 'item'];
      const target = position.get(ref);
      if (ref === item.id) fail('showIfSelf', at, `showIf refers to the item itself ("${ref}")`, { ref });
      else if (!target) fail('showIfUnknown', at, `showIf refers to "${ref}", which is not an item of this checklist`, { ref });
      else if (target.i > i) {
        fail('showIfForward', at, `showIf refers to "${ref}", which comes later (${formatJsonPath(target.path)}); it must refer to an earlier item`, {
          ref,
          target: formatJsonPath(target.path),
        });
      } else if (target.item.kind !== 'yesno') {
        fail('showIfNotYesno', at, `showIf refers to "${ref}", which is not a "yesno" item`, { ref, target: formatJsonPath(target.path) });
      }
    });

    // A preset interrupt names one of the checklist's own reasons.
    walk.forEach(({ item, path }) => {
      const ref = item.thenInterrupt;
      if (ref !== undefined && !reasons.has(ref)) {
        fail('thenInterruptUnknown', [...path, 'thenInterrupt'], `thenInterrupt names "${ref}", which is not one of interruptReasons`, { ref });
      }
    });

    // What the reader senses is confirmed, not answered: a question cannot carry a sensor.
    walk.forEach(({ item, path }) => {
      if (item.sensor !== undefined && item.kind !== 'check') {
        fail('sensorNotCheck', [...path, 'sensor'], 'a sensor can only be on a "check" item', { sensor: item.sensor });
      }
    });
  })
  .register(checklistSchemaDocs, {
    title: 'counter-checklist checklist',
    description:
      'A counter-support checklist for the counter-checklist kiosk. The loader also enforces rules this schema cannot express: unique ids, an "initial-screen" first item, showIf conditions that refer to an earlier yes/no item, and validUntil on or after validFrom. Check a file with: counter-checklist checklists validate FILE',
  });
export type Checklist = z.infer<typeof Checklist>;

/** A checklist as the kiosk uses it: validated, plus where it came from and a content hash. */
export interface LoadedChecklist {
  checklist: Checklist;
  file: string;
  /** SHA-256 of the file's bytes, recorded with every session that uses it. */
  sha256: string;
  /**
   * Its earlier versions, newest first (the folder's `history/`): never offered or enabled, kept so
   * that old sessions are named with the words their operator saw.
   */
  history?: readonly LoadedChecklist[];
}

/** Compare two `1.2.0` versions numerically (negative: `a` is older). */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (x![i] !== y![i]) return (x![i] ?? 0) - (y![i] ?? 0);
  return 0;
}

/** Where `day` (`YYYY-MM-DD`) stands against a checklist's validity period (both ends inclusive). */
export type Validity = 'valid' | 'expired' | 'not-yet';

export function validityOn(c: Pick<Checklist, 'validFrom' | 'validUntil'>, day: string): Validity {
  if (c.validFrom !== undefined && day < c.validFrom) return 'not-yet';
  if (c.validUntil !== undefined && day > c.validUntil) return 'expired';
  return 'valid';
}

/** The items in the order the operator walks them, with their section (conditional items included). */
export function flatItems(c: Checklist): { section: Section; item: Item }[] {
  return c.sections.flatMap((section) => section.items.map((item) => ({ section, item })));
}
