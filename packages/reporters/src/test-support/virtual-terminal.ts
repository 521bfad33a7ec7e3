/**
 * Just enough of a terminal to check what a redrawing reporter leaves on screen: text, newlines,
 * and the cursor-movement and erase sequences `log-update` writes. Colours and private modes
 * (cursor visibility, synchronized output) are ignored; every character takes one cell.
 */
export class VirtualTerminal {
  /** Its stdout, and a stderr that writes to the same screen. */
  readonly stream: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  /** Everything written, escape sequences included. */
  output = '';
  private readonly rows: string[][] = [[]];
  private row = 0;
  private column = 0;

  constructor(columns = 100, rows = 30) {
    const stream = () =>
      ({
        isTTY: true,
        columns,
        rows,
        write: (chunk: string | Uint8Array) => {
          this.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
          return true;
        },
      }) as unknown as NodeJS.WriteStream;
    this.stream = stream();
    this.stderr = stream();
  }

  /** The lines on screen, without trailing spaces or trailing empty lines. */
  screen(): string[] {
    const lines = this.rows.map((cells) => cells.join('').trimEnd());
    while (lines.length > 0 && lines.at(-1) === '') lines.pop();
    return lines;
  }

  private write(text: string): void {
    this.output += text;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: parsing terminal escape sequences.
    const sequence = /\u001b\[([?\d;]*)([A-Za-z])/y;
    let position = 0;
    while (position < text.length) {
      sequence.lastIndex = position;
      const match = sequence.exec(text);
      if (match) {
        this.control(match[1] ?? '', match[2] ?? '');
        position = sequence.lastIndex;
        continue;
      }
      const character = String.fromCodePoint(text.codePointAt(position) ?? 0);
      position += character.length;
      if (character === '\n') {
        this.row++;
        this.column = 0;
      } else if (character === '\r') {
        this.column = 0;
      } else {
        const line = this.line();
        while (line.length < this.column) line.push(' ');
        line[this.column++] = character;
      }
    }
  }

  private control(parameters: string, command: string): void {
    if (parameters.startsWith('?')) return;
    const count = Number(parameters || '1');
    switch (command) {
      case 'A':
        this.row = Math.max(0, this.row - count);
        return;
      case 'B':
        this.row += count;
        return;
      case 'G':
        this.column = count - 1;
        return;
      case 'K':
        if (parameters === '2') this.line().length = 0;
        else this.line().length = Math.min(this.line().length, this.column);
        return;
      default:
        return;
    }
  }

  private line(): string[] {
    while (this.rows.length <= this.row) this.rows.push([]);
    return this.rows[this.row] as string[];
  }
}
