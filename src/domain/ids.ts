// Ids as the log holds them, each with its one rule.
import { z } from 'zod';
import { NO_CONTROLS } from './text.js';

/**
 * A terminal or staff id in a log record: 1 to 64 characters, none a control character. What a
 * kiosk accepts is narrower (the `terminalId` setting's pattern, the city's `operatorPattern`, never
 * a My Number); a reader takes any id of this shape, so logs written under other settings still read.
 */
export const LoggedId = z.string().min(1).max(64).regex(NO_CONTROLS, 'no control characters');

/** A staff id's pattern (the `operatorPattern` setting) as the one RegExp every check uses. */
export function operatorRegExp(pattern: string): RegExp {
  return new RegExp(pattern, 'u');
}

/** A checklist, section, item or reason id: short and ASCII, so it reads well in logs and reports. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export const ChecklistId = z.string().regex(ID_PATTERN, 'lowercase letters, digits and "-", at most 64 characters');
