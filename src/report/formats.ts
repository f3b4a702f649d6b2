/** The report formats `--report` takes (light: read before any command is loaded). */
export const reportFormats = ['json', 'junit', 'md', 'handout'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/**
 * `--report FORMAT FILE` takes exactly two words and repeats: main.ts folds each pair into one
 * `--report=FORMAT:FILE` before commander sees it, so scenario names after it stay arguments.
 */
export function foldReportArgs(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const format = argv[i + 1];
    if (argv[i] === '--report' && format !== undefined && (reportFormats as readonly string[]).includes(format) && argv[i + 2] !== undefined) {
      out.push(`--report=${format}:${argv[i + 2]}`);
      i += 2;
    } else out.push(argv[i]!);
  }
  return out;
}
