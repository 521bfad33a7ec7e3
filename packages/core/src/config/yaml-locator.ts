import { type Document, isNode, LineCounter, type Node } from 'yaml';

/** Maps a path in a parsed YAML document back to the line and column a person can go to. */
export class YamlLocator {
  constructor(
    private readonly document: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  /** The position of the deepest node that exists along `path`. */
  locate(path: readonly PropertyKey[]): { line: number; column: number } | undefined {
    for (let length = path.length; length >= 0; length--) {
      const node = this.document.getIn(path.slice(0, length) as unknown[], true);
      if (isNode(node)) return this.position(node);
    }
    return undefined;
  }

  position(node: Node): { line: number; column: number } | undefined {
    const offset = node.range?.[0];
    if (offset === undefined) return undefined;
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }
}

export function formatYamlPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text ? `${text}.${String(key)}` : String(key);
  }, '');
}

export { LineCounter };
