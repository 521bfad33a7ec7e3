import { describe, expect, it } from 'vitest';
import { toolSpec } from './tool.js';
import { coderTools, evaluatorTools } from './tool-sets.js';

const names = (tools: { name: string }[]) => tools.map((tool) => tool.name);

describe('tool sets', () => {
  it('gives the coder all seven tools', () => {
    expect(names(coderTools)).toEqual([
      'list_directory',
      'read_file',
      'write_file',
      'edit_file',
      'glob',
      'grep',
      'run_shell',
    ]);
  });

  it('gives the evaluator the read-only tools, plus run_shell when allowed', () => {
    const readOnly = ['list_directory', 'read_file', 'glob', 'grep'];
    expect(names(evaluatorTools({ allowShell: false }))).toEqual(readOnly);
    expect(names(evaluatorTools({ allowShell: true }))).toEqual([...readOnly, 'run_shell']);
  });

  it('describes every parameter in the JSON Schema sent to the model', () => {
    for (const tool of coderTools) {
      const spec = toolSpec(tool);
      expect(spec.parameters.type, tool.name).toBe('object');
      const properties = spec.parameters.properties as Record<string, { description?: string }>;
      expect(Object.keys(properties).length, tool.name).toBeGreaterThan(0);
      for (const [field, schema] of Object.entries(properties)) {
        expect(schema.description, `${tool.name}.${field}`).toBeTruthy();
      }
    }
  });

  it('marks the fixed required parameters', () => {
    const required = Object.fromEntries(
      coderTools.map((tool) => [tool.name, toolSpec(tool).parameters.required ?? []]),
    );
    expect(required).toEqual({
      list_directory: [],
      read_file: ['path'],
      write_file: ['path', 'content'],
      edit_file: ['path', 'old_string', 'new_string'],
      glob: ['pattern'],
      grep: ['pattern'],
      run_shell: ['command'],
    });
  });
});
