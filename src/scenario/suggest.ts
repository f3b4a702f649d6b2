import { closest, distance } from 'fastest-levenshtein';
import type * as z from 'zod';

/** The closest allowed key to a misspelt one, when it is close enough to be a likely typo. */
export function suggestKey(key: string, allowed: readonly string[]): string | undefined {
  if (allowed.length === 0) return undefined;
  const best = closest(key, [...allowed]);
  const limit = Math.max(1, Math.floor(best.length / 3));
  return distance(key, best) <= limit ? best : undefined;
}

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType; options?: z.ZodType[]; in?: z.ZodType };

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The keys an object accepts at `path` in `schema` (array indexes walk into elements). */
export function allowedKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = schema;
  const unwrap = (s: z.ZodType): z.ZodType => {
    let d = defOf(s);
    while (d.innerType || d.in) {
      s = (d.innerType ?? d.in) as z.ZodType;
      d = defOf(s);
    }
    return s;
  };
  for (const segment of path) {
    if (!current) return [];
    current = unwrap(current);
    const def = defOf(current);
    if (def.type === 'array' && typeof segment === 'number') current = def.element;
    else if (def.type === 'object' && def.shape) current = def.shape[String(segment)];
    else if (def.type === 'union' && def.options) current = def.options.find((o) => defOf(unwrap(o)).type === 'object');
    else return [];
  }
  if (!current) return [];
  const def = defOf(unwrap(current));
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}
