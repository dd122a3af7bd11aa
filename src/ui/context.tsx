import { createContext, useContext } from 'react';
import type { Locale, Text as LocalText } from '../checklist/schema.js';
import { translator, type Translate } from '../i18n/index.js';

export interface Ui {
  locale: Locale;
  t: Translate;
  /** Pick the operator's language from a checklist text. */
  l: (text: LocalText) => string;
  color: boolean;
}

export const makeUi = (locale: Locale, color: boolean): Ui => ({
  locale,
  t: translator(locale),
  l: (text) => text[locale],
  color,
});

export const UiContext = createContext<Ui>(makeUi('ja', false));
export const useUi = () => useContext(UiContext);
