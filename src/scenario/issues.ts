import type * as z from 'zod';
import { allowedKeysAt, suggestKey } from './suggest.js';

/**
 * zod's issues said as a scenario author needs them: what is wrong where, and what was probably
 * meant. The loader locates each one in the file.
 */
export interface AuthorIssue {
  path: PropertyKey[];
  /** Set for an unknown key: point at the key itself rather than its value. */
  key?: string;
  message: string;
}

const EXPECT_KEYS = ['exit', 'output', 'stdout', 'stderr'];
const MATCHER_KEYS = ['contains', 'matches', 'not_contains'];
const STREAMS = ['output', 'stdout', 'stderr'];

export function authorIssues(schema: z.ZodType, issue: z.core.$ZodIssue, input: unknown): AuthorIssue[] {
  const path = [...issue.path];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path, key, message: `unknown key "${key}"${meant(schema, path, key)}` }));
  }
  const last = path.at(-1);
  const value = valueAt(input, path);
  if (issue.code === 'invalid_type' && value === undefined) {
    return [{ path, message: issue.message.startsWith('Invalid input') ? `"${String(last)}" is missing (${issue.message.replace(/^Invalid input: /, '').replace(/, received undefined$/, '')})` : issue.message }];
  }
  // A text (title, goal, …) is a string or { fr, en }: missing, zod only says its union failed.
  if (issue.code === 'invalid_union' && value === undefined && last !== undefined) {
    return [{ path, message: `"${String(last)}" is missing (expected a string, or { fr: …, en: … })` }];
  }
  if (issue.code === 'invalid_type' && typeof value === 'string' && STREAMS.includes(String(last)) && path.at(-2) === 'expect') {
    return [{ path, message: `${String(last)} takes a matcher: did you mean ${String(last)}: { contains: ${JSON.stringify(value)} }?` }];
  }
  const where = path.length ? `${path.join('.')}: ` : '';
  return [{ path, message: `${where}${issue.message}` }];
}

/** " (did you mean …?)" for an unknown key: a near spelling, or the right place for a key put one level too high. */
function meant(schema: z.ZodType, path: PropertyKey[], key: string): string {
  const inStep = path.length === 4 && path[0] === 'stages' && (path[2] === 'steps' || path[2] === 'check');
  if (inStep && EXPECT_KEYS.includes(key)) return ` (did you mean expect.${key}?)`;
  if (path.at(-1) === 'expect' && MATCHER_KEYS.includes(key)) return ` (did you mean expect.output.${key}?)`;
  const near = suggestKey(key, allowedKeysAt(schema, path));
  return near ? ` (did you mean ${near}?)` : '';
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const segment of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[segment];
  }
  return v;
}
