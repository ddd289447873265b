import type { ActionDefinition } from './context.js';
import { documentAction } from './definitions/document.js';
import { explainAction } from './definitions/explain.js';
import { fixAction } from './definitions/fix.js';
import { implementAction } from './definitions/implement.js';
import { refactorAction } from './definitions/refactor.js';
import { testsAction } from './definitions/tests.js';
import type { ActionKind } from './types.js';

/** Every action, in the order editors list them: fixes first, then what rewrites code, then generation. */
export const ACTIONS: readonly ActionDefinition[] = [fixAction, implementAction, refactorAction, documentAction, explainAction, testsAction];

export function actionDefinition(kind: ActionKind): ActionDefinition {
  const found = ACTIONS.find((definition) => definition.action === kind);
  if (!found) throw new Error(`no definition for action ${kind}`);
  return found;
}
