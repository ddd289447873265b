import { FIM_FAMILIES, type FimFamily } from './templates.js';

/**
 * Recognises a model's fill-in-the-middle family from the model server's prompt template or,
 * failing that, from its name. Guessing wrong is worse than refusing: chat models given FIM
 * tokens answer with prose, so an unrecognised model yields a reason, never a default family.
 */

const SUGGESTED_MODEL = 'qwen2.5-coder:1.5b-base';

type NameVerdict = { family: FimFamily } | { family: undefined; reason: string };

// Ordered: code-specific names first, because they contain the chat family's name
// ("codellama" contains "llama", "codegemma" contains "gemma").
const NAME_RULES: ReadonlyArray<{ pattern: RegExp; family: FimFamily }> = [
  { pattern: /code-?gemma/, family: 'codegemma' },
  { pattern: /code-?llama/, family: 'codellama' },
  { pattern: /codestral/, family: 'codestral' },
  { pattern: /starcoder/, family: 'starcoder' },
  { pattern: /deepseek-?coder/, family: 'deepseek' },
  // Only Qwen's coder models were trained for FIM; plain qwen2.5 is a chat model and other tools
  // that fell back to StarCoder tokens for it produced garbage.
  { pattern: /qwen.*coder/, family: 'qwen' },
];

// Chat/general families a user is likely to try; named in the reason so the fix is obvious.
// The lookbehind keeps "dolphin" from reading as "phi".
const CHAT_FAMILIES = /(?<![a-z])(qwen|llama|mistral|mixtral|phi|gemma|deepseek|gpt|command-r|vicuna)/;

/**
 * The part of a model reference that names the model: registry host and namespace dropped
 * (`hf.co/Qwen/Qwen2.5-Coder-1.5B-GGUF:Q4_K_M` → `qwen2.5-coder-1.5b-gguf:q4_k_m`), because a
 * namespace such as `deepseek-ai/` says nothing about the model's format. The tag is kept:
 * it carries hints like `7b-code`.
 */
function modelPart(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.slice(lower.lastIndexOf('/') + 1);
}

function explainName(name: string): NameVerdict {
  const model = modelPart(name);
  if (model === '') return { family: undefined, reason: 'no model name is configured' };
  for (const rule of NAME_RULES) {
    if (rule.pattern.test(model)) return { family: rule.family };
  }
  const chat = CHAT_FAMILIES.exec(model)?.[1];
  if (chat !== undefined) {
    return {
      family: undefined,
      reason: `"${name}" looks like a ${chat} chat/general model, which has no fill-in-the-middle (FIM) support; ` + `use a code model such as ${SUGGESTED_MODEL}`,
    };
  }
  return {
    family: undefined,
    reason:
      `cannot tell the fill-in-the-middle format of "${name}" from its name or template; ` +
      `set the model family explicitly (one of ${FIM_FAMILIES.join(', ')}) or use a code model such as ${SUGGESTED_MODEL}`,
  };
}

/**
 * The FIM family a model name implies, or undefined when the name names no FIM-capable model
 * (including chat models of a code family's vendor, e.g. `qwen2.5:7b`).
 */
export function familyFromModelName(name: string): FimFamily | undefined {
  return explainName(name).family;
}

/** Markers that only Gemma templates contain; CodeGemma shares Qwen's `<|fim_…|>` tokens. */
const GEMMA_MARKERS = ['<|file_separator|>', '<start_of_turn>', '<eos>'];

/**
 * The FIM family whose tokens appear in a prompt template (Ollama's `/api/show` `template`),
 * or undefined when the template has no FIM tokens (chat-only template). A template with
 * `<|fim_prefix|>` but no Gemma marker is reported as qwen; {@link detectFamily} corrects that
 * to codegemma when the model name says gemma.
 */
export function familyFromTemplate(template: string): FimFamily | undefined {
  if (template.includes('<\uFF5Cfim\u2581begin\uFF5C>')) return 'deepseek';
  if (template.includes('<|fim_prefix|>')) {
    return GEMMA_MARKERS.some((m) => template.includes(m)) ? 'codegemma' : 'qwen';
  }
  // `<fim_prefix>` is not a substring of `<|fim_prefix|>`, so this cannot shadow the above.
  if (template.includes('<fim_prefix>')) return 'starcoder';
  if (template.includes('<PRE>') && template.includes('<SUF>')) return 'codellama';
  if (template.includes('[SUFFIX]') && template.includes('[PREFIX]')) return 'codestral';
  return undefined;
}

export type FamilyDetection = { family: FimFamily; source: 'override' | 'template' | 'name' } | { family: undefined; reason: string };

/**
 * Decides the FIM family: an explicit override wins, then evidence from the server's template
 * (what the model was actually packaged with), then the name. When nothing matches, the result
 * carries a reason to show the user.
 */
export function detectFamily(input: { modelName: string; template?: string; override?: FimFamily | 'auto' }): FamilyDetection {
  if (input.override !== undefined && input.override !== 'auto') {
    return { family: input.override, source: 'override' };
  }
  const fromTemplate = input.template === undefined ? undefined : familyFromTemplate(input.template);
  if (fromTemplate !== undefined) {
    const gemmaByName = fromTemplate === 'qwen' && /gemma/.test(modelPart(input.modelName));
    return { family: gemmaByName ? 'codegemma' : fromTemplate, source: 'template' };
  }
  const verdict = explainName(input.modelName);
  return verdict.family === undefined ? verdict : { family: verdict.family, source: 'name' };
}
