import type { Lang } from '../scenario/text.js';

/** What lab itself says to a student, in both languages (the scenario's own texts are in the scenario). */
const messages = {
  stageDone: { en: (id: string) => `stage "${id}" is done`, fr: (id: string) => `étape « ${id} » faite` },
  stageNotDone: { en: (id: string) => `stage "${id}" is not done yet`, fr: (id: string) => `l'étape « ${id} » n'est pas encore faite` },
  hintCommand: { en: (cmd: string) => `\`${cmd}\` gives a hint`, fr: (cmd: string) => `\`${cmd}\` donne un indice` },
} as const;

export function say<K extends keyof typeof messages>(key: K, lang: Lang, arg: string): string {
  return messages[key][lang](arg);
}
