/** Both halves of a catalog must have exactly the same keys. */
export function defineMessages<const J extends Record<string, string>>(ja: J, en: { [K in keyof J]: string }) {
  return { ja, en };
}
