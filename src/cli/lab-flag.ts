/** The --lab the user gave, set once from the parsed command line (main.ts) before the action runs. */
let labFlag: string | undefined;

export function selectLab(flag: string | undefined): void {
  labFlag = flag;
}

export const selectedLab = (): string | undefined => labFlag;
