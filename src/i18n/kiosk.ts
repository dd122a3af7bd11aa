import { defineMessages } from './define.js';

export const kioskMessages = defineMessages(
  {
  },
  {
  },
);
