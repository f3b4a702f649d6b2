import { isMap, isSeq, LineCounter, type Document, type Node } from 'yaml';

/** Line and column (1-based) of the YAML node at `path`, or of its nearest existing ancestor. */
export function locate(doc: Document, lines: LineCounter, path: readonly PropertyKey[], keyOf?: string): { line: number; col: number } {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  const segments = keyOf === undefined ? path : [...path, keyOf];
  for (const [i, segment] of segments.entries()) {
    const isLast = i === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === segment);
      if (!pair) break;
      const key = pair.key as Node;
      // For an unknown key, point at the key itself; otherwise at the value.
      if (isLast && keyOf !== undefined) {
        offset = key.range?.[0] ?? offset;
        break;
      }
      node = pair.value;
      offset = (pair.value as Node | null)?.range?.[0] ?? key.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (!node) break;
      offset = (node as Node).range?.[0] ?? offset;
    } else break;
  }
  const pos = lines.linePos(offset);
  return { line: pos.line, col: pos.col };
}
