import { defineMessages } from './define.js';

export const logMessages = defineMessages(
  {
  },
  {
  },
);
