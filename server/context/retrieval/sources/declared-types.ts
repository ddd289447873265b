import type { WorkspaceIndex } from '../../index/workspace-index.js';
import { asciiFast } from '../../../util/ascii-pattern.js';
import { languageModule } from '../../../syntax/modules.js';

/**
 * The types the file declares values with, by the patterns of the file's language (cheap, no type checker; see
 * DeclarationRules.declaredTypes): TS `x: T`, `#x: T`, `x = new T(`; Python `x: T`, `self.x = T(…)`; `this` (and
 * `self`) in a method of class T; in TS the parameter of a callback over a typed collection
 * (`this.items.forEach((item) =>`: an element of `items`). One scan per gather of the text around
 * the cursor's function (fields and parameters are declared above it or near its start; a long
 * file is not read whole); the last declaration of a name wins.
 */
export function declaredTypes(text: string, before: number, languageId: string): Map<string, string> {
  const rules = languageModule(languageId)?.declarations.declaredTypes;
  const from = Math.max(0, before - 20_000);
  const window = text.slice(from, Math.min(text.length, before + 4000));
  const found = new Map<string, { at: number; type: string }>();
  const note = (name: string, at: number, type: string) => {
    const known = found.get(name);
    if (!known || at > known.at) found.set(name, { at, type });
  };
  for (const pattern of rules?.patterns ?? []) for (const match of pattern.matchAll(window)) note(match[1]!, match.index ?? 0, match[2]!);
  // After the declarations: a callback may come before the field it iterates is declared.
  for (const match of rules?.elementCallbacks === true ? ELEMENT_CALL.matchAll(window) : []) {
    const at = match.index ?? 0;
    const name = COLLECTION_BEFORE.exec(window.slice(Math.max(0, at - 60), at))?.[1];
    const collection = name === undefined ? undefined : found.get(name);
    if (collection) note(match[1]!, at, collection.type);
  }
  const types = new Map([...found].map(([name, { type }]) => [name, type]));
  const own = lastCapture(window.slice(0, before - from), CLASS_NAME);
  if (own) for (const self of ['this', 'self']) types.set(self, own);
  return types;
}

/**
 * `items.forEach((item) =>`, `this.#items.slice().find(x =>`: the callback's first parameter is an
 * element of the collection (whose element type the declarations above give it). The scan looks for
 * the call (a literal dot and method name are found fast) and reads the collection's name back from it.
 */
const ELEMENT_CALL = asciiFast(/\.\s*(?:forEach|map|filter|find|findLast|some|every|flatMap)\s*\(\s*(?:async\s+)?\(?\s*([\p{L}_$][\p{L}\p{N}_$]*)/gu);
/** The first parameters of the callbacks `text` passes to a collection's methods (`.forEach((query) =>`): each is an element of some collection. */
export function callbackParameters(text: string): Set<string> {
  return new Set([...ELEMENT_CALL.matchAll(text)].map((match) => match[1]!));
}
const COLLECTION_BEFORE = /([\p{L}_$][\p{L}\p{N}_$]*)\s*(?:\.\s*slice\s*\(\s*\)\s*)?$/u;

/**
 * A class header, at the start of its line: docstrings and comments say `class` too (shelve.py's
 * "a dictionary-like class for …" made `self` a `for`, so its own and its bases' methods went untyped).
 */
const CLASS_NAME = asciiFast(/^[ \t]*(?:(?:export|default|abstract|declare)[ \t]+)*class[ \t]+([\p{L}_$][\p{L}\p{N}_$]*)/gmu);

function lastCapture(text: string, pattern: ReturnType<typeof asciiFast>): string | undefined {
  let found: string | undefined;
  for (const match of pattern.matchAll(text)) found = match[1];
  return found;
}

const TYPE_KINDS = new Set(['class', 'interface', 'type']);
/** Names this short (`i`, `el`, `cb`) say nothing of their type. */
const MIN_GUESS_LENGTH = 3;

/**
 * The type a value's name suggests when nothing declares it (`query` → `Query`,
 * `durationSubscriber` → `DurationSubscriber`, else `Subscriber`, `_timestampProvider` →
 * `TimestampProvider`): the longest camel-case suffix, capitalised, that names a type of the
 * current file's language, one within reach (`near`) first. Callback parameters and values a call
 * returns are mostly named after their type.
 */
export function guessedType(index: WorkspaceIndex, file: string, value: string, near: ReadonlySet<string>): string | undefined {
  const name = value.replace(/^[_#$]+/, '');
  if (name.length < MIN_GUESS_LENGTH || !/^[a-z]/.test(name)) return undefined;
  const languageId = index.file(file)?.languageId;
  let anywhere: string | undefined;
  for (let at = 0; at < name.length; at++) {
    if (at > 0 && !/[A-Z]/.test(name[at]!)) continue;
    const type = name[at]!.toUpperCase() + name.slice(at + 1);
    if (type.length < MIN_GUESS_LENGTH) break;
    for (const ref of index.declarationsNamed(type)) {
      if (!TYPE_KINDS.has(ref.declaration.kind) || ref.declaration.container) continue;
      if (ref.file === file || near.has(ref.file)) return type;
      if (anywhere === undefined && index.file(ref.file)?.languageId === languageId) anywhere = type;
    }
  }
  return anywhere;
}
