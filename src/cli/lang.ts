import { UsageError } from '../errors.js';
import { isLang, langFromEnv, type Lang } from '../scenario/text.js';

let chosen: Lang | undefined;

/** `--lang fr|en`, checked; without it the language comes from LC_ALL / LC_MESSAGES / LANG. */
export function chooseLang(option: string | undefined): void {
  if (option === undefined) return;
  if (!isLang(option)) throw new UsageError(`unknown language "${option}"`, 'use --lang fr or --lang en');
  chosen = option;
}

/** The language student-facing texts are shown in. */
export function currentLang(): Lang {
  return chosen ?? langFromEnv();
}
