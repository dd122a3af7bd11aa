// The review controller's part in the model tests: the list's pages answered from a source, as
// src/review/controller.ts answers them (a written review is told to the source first).
import type { ListSource } from '../../src/review/source.js';
import { update, type Msg, type ReviewCmd, type ReviewModel, type Step } from '../../src/review/model.js';

/** The step with its `list` and `choices` commands answered from `source` (others are left for the test). */
export function drive(step: Step, source: ListSource): Step {
  let model: ReviewModel = step.model;
  let cmds = step.cmds;
  const rest: ReviewCmd[] = [];
  while (cmds.length > 0) {
    const next: ReviewCmd[] = [];
    for (const cmd of cmds) {
      if (cmd.type !== 'list' && cmd.type !== 'choices') {
        rest.push(cmd);
        continue;
      }
      const msg: Msg = cmd.type === 'list' ? { type: 'page', ask: cmd.ask, page: source.page(cmd.query) } : { type: 'choices', choices: source.choices };
      const answered = update(model, msg);
      model = answered.model;
      next.push(...answered.cmds);
    }
    cmds = next;
  }
  return { model, cmds: rest };
}

/** `update`, then the pages it asks for; a `reviewed` message is told to the source first. */
export function stepWith(source: ListSource, model: ReviewModel, msg: Msg): Step {
  if (msg.type === 'reviewed') source.reviewed(msg.review);
  return drive(update(model, msg), source);
}
