/**
 * Student-facing text in two languages. A scenario gives a text as a plain string (one language
 * for all) or as `{ fr: ..., en: ... }`; the loader resolves it to a plain string for the
 * language asked for, falling back to the other one when a translation is missing.
 */

export const LANGS = ['fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export type LocalizedText = string | { fr?: string; en?: string };

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}

/** The language a locale names: fr_FR.UTF-8, fr, fr-CA → fr; anything else (C, POSIX, en_US…) → en. */
export function langFromLocale(locale: string | undefined): Lang {
  return /^fr([_.@-]|$)/i.test(locale ?? '') ? 'fr' : 'en';
}

/** The default language, as the C library picks the locale: LC_ALL, then LC_MESSAGES, then LANG. */
export function langFromEnv(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  return langFromLocale(locale);
}

/** The text in `lang`, else in the other language; undefined stays undefined. */
export function resolveText(text: LocalizedText, lang: Lang): string;
export function resolveText(text: LocalizedText | undefined, lang: Lang): string | undefined;
export function resolveText(text: LocalizedText | undefined, lang: Lang): string | undefined {
  if (text === undefined || typeof text === 'string') return text;
  return text[lang] ?? LANGS.map((l) => text[l]).find((t) => t !== undefined);
}

/** The languages a text lacks (for a linter: a plain string counts as both). */
export function missingLangs(text: LocalizedText | undefined): Lang[] {
  if (text === undefined || typeof text === 'string') return [];
  return LANGS.filter((l) => text[l] === undefined);
}
