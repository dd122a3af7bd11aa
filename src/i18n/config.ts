import { defineMessages } from './define.js';

export const configMessages = defineMessages(
  {
  },
  {
  },
);
