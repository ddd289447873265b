import { describe, expect, it } from 'vitest';
import { declaredTypes } from '../../server/context/retrieval/sources/declared-types.js';

describe('declared types: each language reads them with its own patterns', () => {
  const callback = 'class A:\n    items: Set<Item>\n    def f(self):\n        self.items.forEach((item) =>\n';
  const attribute = 'class A {\n  f() {\n    self.cache = Cache()\n';

  it('a TS file takes a callback over a typed collection for an element of it', () => {
    expect(declaredTypes(callback, callback.length, 'typescript').get('item')).toBe('Item');
  });

  it('a Python file does not: its code has no such callbacks (`s.find(sub)` is not one)', () => {
    const types = declaredTypes(callback, callback.length, 'python');
    expect(types.get('items')).toBe('Item');
    expect(types.has('item')).toBe(false);
  });

  it("a Python file reads an instance attribute's type from `self.x = T(…)`", () => {
    expect(declaredTypes(attribute, attribute.length, 'python').get('self.cache')).toBe('Cache');
  });

  it('a TS file does not: `self.x = T(…)` is a Python pattern', () => {
    expect(declaredTypes(attribute, attribute.length, 'typescript').has('self.cache')).toBe(false);
  });

  it('both read the declarations they share (`x: T`, `x = T(`) and the enclosing class', () => {
    const text = 'class Owner:\n    def f(self, session: Session):\n        done = Event()\n';
    for (const languageId of ['python', 'typescript']) {
      const types = declaredTypes(text, text.length, languageId);
      expect([types.get('session'), types.get('done'), types.get('self')]).toEqual(['Session', 'Event', 'Owner']);
    }
  });

  it('a language that reads local values instead (Go) has no patterns', () => {
    expect(declaredTypes('var x T\nx := &U{', 16, 'go').size).toBe(0);
  });
});
