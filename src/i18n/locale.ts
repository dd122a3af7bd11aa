// The languages of the user interface and the checklists (ja is the default).
import { z } from 'zod';

export const LOCALES = ['ja', 'en'] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;
