// Free text that reaches the log (skip and interrupt reasons) must be one short line and must never
// carry a My Number. Pure: the session core refuses such text, so no path can log it.
import { findMyNumber } from '../pii/mynumber.js';

export const MAX_FREE_TEXT = 200;

export type FreeTextProblem = 'text-too-long' | 'text-control' | 'text-my-number';

export function checkFreeText(text: string): FreeTextProblem | undefined {
  if ([...text].length > MAX_FREE_TEXT) return 'text-too-long';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(text)) return 'text-control';
  if (findMyNumber(text)) return 'text-my-number';
  return undefined;
}
