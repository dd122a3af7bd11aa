import { defineMessages } from './define.js';

export const cliMessages = defineMessages(
  {
  },
  {
  },
);
