import type { z } from 'zod';
import { settingsSchema, type Settings } from './schema.js';

/** One setting of the schema, addressed by its dotted path (`completion.debounceMs`). */
export interface SettingLeaf {
  key: string;
  schema: z.ZodType;
  description: string;
  defaultValue: unknown;
}

type ObjectSchema = z.ZodObject<Record<string, z.ZodType>>;

/** Every leaf of the settings schema, in declaration order. */
export function settingLeaves(schema: ObjectSchema = settingsSchema, prefix = ''): SettingLeaf[] {
  const leaves: SettingLeaf[] = [];
  for (const [name, child] of Object.entries(schema.shape)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (child.def.type === 'object') {
      leaves.push(...settingLeaves(child as unknown as ObjectSchema, key));
    } else {
      leaves.push({ key, schema: child, description: child.description ?? '', defaultValue: child.parse(undefined) });
    }
  }
  return leaves;
}

/** The settings every field at its default. */
export function defaultSettings(): Settings {
  return settingsSchema.parse(Object.fromEntries(Object.keys(settingsSchema.shape).map((section) => [section, {}])));
}

export interface SettingsUpdate {
  settings: Settings;
  /** One human-readable line per rejected or unknown field, naming it. */
  warnings: string[];
}

/**
 * Applies user-supplied settings on top of `previous`, field by field: a field that fails
 * validation is reported and keeps its previous value, so one typo never resets the rest.
 */
export function applySettings(previous: Settings, input: unknown): SettingsUpdate {
  const next = structuredClone(previous) as unknown as Record<string, Record<string, unknown>>;
  const warnings: string[] = [];
  if (input === undefined || input === null) return { settings: previous, warnings };
  if (!isRecord(input)) return { settings: previous, warnings: ['ghostline settings must be an object; ignored'] };

  const leaves = new Map(settingLeaves().map((leaf) => [leaf.key, leaf]));
  for (const [key, value] of flatten(input, new Set(leaves.keys()))) {
    const leaf = leaves.get(key);
    if (!leaf) {
      warnings.push(`unknown setting "${key}" ignored`);
      continue;
    }
    if (value === null || value === undefined) continue;
    const parsed = leaf.schema.safeParse(value);
    if (!parsed.success) {
      const reason = parsed.error.issues[0]?.message ?? 'invalid value';
      warnings.push(`setting "${key}" rejected (${reason}); keeping ${shownValue(getPath(next, key))}`);
      continue;
    }
    setPath(next, key, parsed.data);
  }
  return { settings: next as unknown as Settings, warnings };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Accepts both nested objects and dotted keys (`{"completion.debounceMs": 50}`), as editors send
 * either. A setting whose value is itself an object (`model.headers`) is a leaf, not a section.
 */
function flatten(input: Record<string, unknown>, leaves: ReadonlySet<string>, prefix = ''): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [name, value] of Object.entries(input)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (isRecord(value) && !leaves.has(key)) out.push(...flatten(value, leaves, key));
    else out.push([key, value]);
  }
  return out;
}

/** Scalars are shown; an object-valued setting (`model.headers`) may hold secrets, so it is not. */
function shownValue(value: unknown): string {
  return isRecord(value) ? 'the previous value' : JSON.stringify(value);
}

function getPath(root: Record<string, Record<string, unknown>>, key: string): unknown {
  const [section, field] = key.split('.') as [string, string];
  return root[section]?.[field];
}

function setPath(root: Record<string, Record<string, unknown>>, key: string, value: unknown): void {
  const [section, field] = key.split('.') as [string, string];
  const target = root[section] ?? (root[section] = {});
  target[field] = value;
}
