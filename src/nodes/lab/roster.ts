import { join } from 'node:path';
import * as z from 'zod/mini'; // the light build: every command reads state files
import { UsageError } from '../../errors.js';
import { classesRoot } from './paths.js';
import { readState, removeState, writeState } from './store.js';

/**
 * A class: a named list of students, each with a lab of their own (`<class>-<student>`), the
 * scenario they follow, and the address their nodes' SSH is published on.
 */
export const Roster = z.object({
  name: z.string(),
  scenario: z.string(),
  listen: z.optional(z.string()),
  students: z.array(z.object({ name: z.string(), lab: z.string() })),
});
export type Roster = z.infer<typeof Roster>;
export type Student = Roster['students'][number];

export const CLASS_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,15}$/;

export const classDir = (name: string, env: NodeJS.ProcessEnv = process.env) => join(classesRoot(env), name);
const rosterFile = (name: string) => join(classDir(name), 'class.json');

export function checkClassName(name: string): string {
  if (!CLASS_NAME_PATTERN.test(name)) throw new UsageError(`--class "${name}" is not a class name: lower-case letters, digits and "-", 16 at most`, 'e.g. --class room1');
  return name;
}

export function readRoster(name: string): Roster | undefined {
  return readState(rosterFile(checkClassName(name)), Roster);
}

/** The class, or a usage error saying how to create it. */
export function requireRoster(name: string): Roster {
  const r = readRoster(name);
  if (!r) throw new UsageError(`there is no class "${name}"`, `create it: lab class up 4${name === 'class' ? '' : ` --class ${name}`}`);
  return r;
}

export function saveRoster(r: Roster): void {
  writeState(rosterFile(r.name), r);
}

export function removeClass(name: string): void {
  removeState(classDir(name));
}

/** A student's name as a lab-id part: "Élodie Durand" → "elodie-durand". */
export function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 20)
    .replace(/-+$/, '');
}

/** Adds the students not yet in the roster, each with a unique lab id; keeps the others. */
export function addStudents(r: Roster, names: string[]): Roster {
  const students = [...r.students];
  for (const raw of names) {
    const name = raw.trim();
    if (!name || students.some((s) => s.name === name)) continue;
    const base = `${r.name}-${slug(name) || 'student'}`;
    let lab = base;
    for (let i = 2; students.some((s) => s.lab === lab); i++) lab = `${base}-${i}`;
    students.push({ name, lab });
  }
  return { ...r, students };
}

/** s01, s02, … sNN: the names `lab class up N` gives. */
export const numberedStudents = (n: number) => Array.from({ length: n }, (_, i) => `s${String(i + 1).padStart(2, '0')}`);

/** The students `--only a,b` names (all when undefined); unknown names are a usage error. */
export function selectStudents(r: Roster, only: string | undefined): Student[] {
  if (!only) return r.students;
  const wanted = only.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((w) => !r.students.some((s) => s.name === w || s.lab === w));
  if (unknown.length) throw new UsageError(`not in class "${r.name}": ${unknown.join(', ')}`, `students: ${r.students.map((s) => s.name).join(', ')}`);
  return r.students.filter((s) => wanted.includes(s.name) || wanted.includes(s.lab));
}
