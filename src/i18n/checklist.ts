import { defineMessages } from './define.js';

export const checklistMessages = defineMessages(
  {
  },
  {
  },
);
