import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chatRequests, locate, resolveAndApply, startActionClient, startActionFake } from '../support/actions.js';
import type { FakeOllama } from '../support/fake-ollama.js';
import type { TestClient } from '../support/lsp-client.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

// One documented function in each style, and one function without a docstring to document.
const NUMPY = `def mean(values):
    """Average of the values.

    Parameters
    ----------
    values : list of float
        The numbers.

    Returns
    -------
    float
    """
    return sum(values) / len(values)


def scale(values, factor):
    return [v * factor for v in values]
`;

const REST = `def mean(values):
    """Average of the values.

    :param values: the numbers.
    :returns: their mean.
    """
    return sum(values) / len(values)


def scale(values, factor):
    return [v * factor for v in values]
`;

const workspace: Workspace = makeWorkspace({ 'pyproject.toml': '[project]\nname = "stats"\n', 'numpy_style.py': NUMPY, 'rest_style.py': REST });
let fake: FakeOllama;
let client: TestClient;

beforeEach(async () => {
  fake = await startActionFake();
  client = await startActionClient(fake);
});
afterEach(async () => {
  await client.stop();
  await fake.close();
});
afterAll(() => workspace.remove());

/** Runs Document on `scale` in one of the files and returns the messages the model received. */
async function documentPrompt(file: string, text: string): Promise<string> {
  const uri = workspace.uri(file);
  await client.open(uri, 'python', text);
  fake.reply({ text: 'Multiply every value by factor.\n</comment>' });
  await resolveAndApply(client, { uri, title: 'Ghostline: Document scale', range: locate(text).cursorAt('def sca') });
  const [request] = chatRequests(fake);
  return (request?.body.messages ?? []).map((m) => m.content).join('\n');
}

describe('Python Document action: the docstring style the file already uses', () => {
  it('asks for a NumPy-style docstring in a file written with NumPy sections', async () => {
    const prompt = await documentPrompt('numpy_style.py', NUMPY);
    expect(prompt).toContain('NumPy-style docstring');
    expect(prompt).not.toContain('Google-style');
  });

  it('asks for reST fields in a file written with :param: fields', async () => {
    const prompt = await documentPrompt('rest_style.py', REST);
    expect(prompt).toContain('reST docstring');
    expect(prompt).not.toContain('Google-style');
  });
});
