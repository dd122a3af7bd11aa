// How many session rows and timeline entries the review screen has room for: the frame's body
// (src/ui/layout.ts) less the lines each screen draws around its window.
import type { Msg } from '../../review/model.js';
import { LIST_CHROME } from './list.js';
import { detailRowsFor, timelineChrome } from './timeline.js';

export type Resize = Extract<Msg, { type: 'resize' }>;

export function pagesFor(body: number): Required<Resize> {
  // The timeline's window and the selected entry's detail box share the body (its head aside).
  const detailRows = detailRowsFor(body);
  return { type: 'resize', listRows: Math.max(1, body - LIST_CHROME), timelineRows: Math.max(1, body - timelineChrome(detailRows)), detailRows };
}
