import { describe, expect, it } from 'vitest';
import { inCliWords } from '../../server/cli/arguments.js';
import { ACTION_SETTINGS, problemFromError } from '../../server/completion/problems.js';
import { ModelError } from '../../server/model/backend.js';

const URL = 'http://127.0.0.1:9';

describe('a model server problem, in the words of the place it is read', () => {
  it('names the completion model’s settings for a completion, and the action model’s for ask and actions', () => {
    const unreachable = new ModelError('unreachable', 'connect ECONNREFUSED');
    expect(problemFromError(unreachable, URL, 'qwen2.5-coder:1.5b-base')?.message).toBe(
      `Ghostline cannot reach the model server at ${URL}. Start it with \`ollama serve\`, or point the setting ghostline model.url at it.`,
    );
    expect(problemFromError(unreachable, URL, 'qwen2.5-coder:7b-instruct', 'ollama', ACTION_SETTINGS)?.message).toBe(
      `Ghostline cannot reach the model server at ${URL}. Start it with \`ollama serve\`, or point the setting ghostline actions.url (or model.url) at it.`,
    );
    const missing = new ModelError('model-missing', 'model not found');
    expect(problemFromError(missing, URL, 'qwen2.5-coder:7b-instruct', 'ollama', ACTION_SETTINGS)?.message).toBe(
      `The model "qwen2.5-coder:7b-instruct" is not on the model server at ${URL}. Run \`ollama pull qwen2.5-coder:7b-instruct\`, or set ghostline actions.model to a model you have.`,
    );
    expect(problemFromError(missing, URL, 'm', 'openai', ACTION_SETTINGS)?.message).toMatch(/Set ghostline actions\.model to a model the server lists/);
  });

  it('on the CLI: flags for settings that have one, without the editor’s lead', () => {
    expect(inCliWords('Ghostline cannot reach the model server at X. Start it with `ollama serve`, or point the setting ghostline actions.url (or model.url) at it.')).toBe(
      'cannot reach the model server at X. Start it with `ollama serve`, or point --action-url (or --url) at it.',
    );
    expect(inCliWords('The model "m" is not on the model server at X. Run `ollama pull m`, or set ghostline actions.model to a model you have.')).toBe(
      'The model "m" is not on the model server at X. Run `ollama pull m`, or set --action-model to a model you have.',
    );
    expect(inCliWords('Ghostline: the reply was cut (ghostline task.embeddingsModel)')).toBe('the reply was cut (--embed-model)');
    // A setting no flag sets keeps its name; a file name that looks like one is not a setting.
    expect(inCliWords('Ghostline gave up waiting for the model (actions.timeoutMs); nothing was changed.')).toBe(
      'gave up waiting for the model (actions.timeoutMs); nothing was changed.',
    );
    expect(inCliWords('see task.ts and model.go')).toBe('see task.ts and model.go');
  });
});
