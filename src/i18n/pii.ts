import { defineMessages } from './define.js';

export const piiMessages = defineMessages(
  {
  },
  {
  },
);
