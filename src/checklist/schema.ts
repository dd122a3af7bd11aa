// The checklist file format. The schema is the type: everything else derives from it.
import { z } from 'zod';

export const LOCALES = ['ja', 'en'] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

/** Ids are short and ASCII so they read well in logs and reports. */
export const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and "-", at most 64 characters');

/** Every user-facing string carries both translations: a missing one is refused. */
export const Text = z.strictObject({
  ja: z.string().trim().min(1).max(400),
  en: z.string().trim().min(1).max(400),
});
export type Text = z.infer<typeof Text>;

export const Item = z.strictObject({
  id: Id,
  text: Text,
  /** Longer guidance shown under the item (what to check, what to say). */
  help: Text.optional(),
  /** A skipped required item flags the session `required-skipped`. */
  required: z.boolean(),
  /**
   * `initial-screen`: this item confirms the terminal shows the portal's initial, logged-out screen.
   * Every checklist must start with one (DESIGN §2.5): a missed logout is caught by the next session.
   */
  role: z.literal('initial-screen').optional(),
});
export type Item = z.infer<typeof Item>;

export const Section = z.strictObject({
  id: Id,
  title: Text,
  items: z.array(Item).min(1).max(100),
});
export type Section = z.infer<typeof Section>;

export const GateItem = z.strictObject({ id: Id, text: Text });
export type GateItem = z.infer<typeof GateItem>;

export const InterruptReason = z.strictObject({
  id: Id,
  text: Text,
  /** The operator adds a short free text (e.g. "other"). */
  note: z.boolean().default(false),
});
export type InterruptReason = z.infer<typeof InterruptReason>;

export const Checklist = z
  .strictObject({
    $schema: z.string().optional(),
    id: Id,
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'a version like 1.0.0'),
    title: Text,
    description: Text.optional(),
    sections: z.array(Section).min(1).max(50),
    logoutGate: z.strictObject({
      title: Text,
      items: z.array(GateItem).min(1).max(20),
    }),
    interruptReasons: z.array(InterruptReason).min(1).max(20),
  })
  .superRefine((c, ctx) => {
    const seen = new Map<string, string>();
    const claim = (id: string, path: (string | number)[]) => {
      const where = path.join('.');
      const first = seen.get(id);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', message: `duplicate id "${id}" (first used at ${first})`, path });
      } else seen.set(id, where);
    };
    c.sections.forEach((s, si) => {
      claim(s.id, ['sections', si, 'id']);
      s.items.forEach((it, ii) => claim(it.id, ['sections', si, 'items', ii, 'id']));
    });
    c.logoutGate.items.forEach((g, gi) => claim(g.id, ['logoutGate', 'items', gi, 'id']));
    const reasons = new Set<string>();
    c.interruptReasons.forEach((r, ri) => {
      if (reasons.has(r.id)) {
        ctx.addIssue({ code: 'custom', message: `duplicate interrupt reason id "${r.id}"`, path: ['interruptReasons', ri, 'id'] });
      }
      reasons.add(r.id);
    });
    const first = c.sections[0]?.items[0];
    if (first && first.role !== 'initial-screen') {
      ctx.addIssue({
        code: 'custom',
        message: 'the first item must have role "initial-screen" (confirm the portal shows its logged-out screen)',
        path: ['sections', 0, 'items', 0, 'role'],
      });
    }
    c.sections.forEach((s, si) =>
      s.items.forEach((it, ii) => {
        if (it.role === 'initial-screen' && (si !== 0 || ii !== 0)) {
          ctx.addIssue({ code: 'custom', message: 'only the first item may have role "initial-screen"', path: ['sections', si, 'items', ii, 'role'] });
        }
      }),
    );
  });
export type Checklist = z.infer<typeof Checklist>;

/** A checklist as the kiosk uses it: validated, plus where it came from and a content hash. */
export interface LoadedChecklist {
  checklist: Checklist;
  file: string;
  /** SHA-256 of the file's bytes, recorded with every session that uses it. */
  sha256: string;
}

/** The items in the order the operator walks them, with their section. */
export function flatItems(c: Checklist): { section: Section; item: Item }[] {
  return c.sections.flatMap((section) => section.items.map((item) => ({ section, item })));
}
