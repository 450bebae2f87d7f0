/**
 * Just enough EDN to read Jepsen-style history lines: maps, vectors, keywords, strings, integers,
 * nil and booleans. Keywords read as strings with their colon (":invoke"); map keys lose theirs.
 */
export type Edn = string | number | boolean | null | Edn[] | { [key: string]: Edn };

export function parseEdn(text: string): Edn {
  const p = new EdnParser(text);
  const value = p.value();
  p.skipSpace();
  if (!p.done()) throw new Error(`unexpected '${p.peek()}' after the value`);
  return value;
}

class EdnParser {
  #i = 0;
  constructor(readonly text: string) {}

  done(): boolean {
    return this.#i >= this.text.length;
  }

  peek(): string {
    return this.text[this.#i] ?? "";
  }

  skipSpace(): void {
    while (!this.done() && /[\s,]/.test(this.peek())) this.#i++;
  }

  value(): Edn {
    this.skipSpace();
    const c = this.peek();
    if (c === "{") return this.#map();
    if (c === "[" || c === "(") return this.#vector(c === "[" ? "]" : ")");
    if (c === '"') return this.#string();
    if (c === ":") return `:${this.#symbol(1)}`;
    if (c === "") throw new Error("unexpected end of line");
    const word = this.#symbol(0);
    if (word === "nil") return null;
    if (word === "true" || word === "false") return word === "true";
    if (/^-?\d+$/.test(word)) return Number(word);
    throw new Error(`cannot read '${word}'`);
  }

  #map(): { [key: string]: Edn } {
    this.#i++;
    const out: { [key: string]: Edn } = {};
    for (;;) {
      this.skipSpace();
      if (this.peek() === "}") {
        this.#i++;
        return out;
      }
      const key = this.value();
      if (typeof key !== "string") throw new Error("a map key must be a keyword or a string");
      out[key.startsWith(":") ? key.slice(1) : key] = this.value();
    }
  }

  #vector(close: string): Edn[] {
    this.#i++;
    const out: Edn[] = [];
    for (;;) {
      this.skipSpace();
      if (this.peek() === close) {
        this.#i++;
        return out;
      }
      if (this.done()) throw new Error(`missing '${close}'`);
      out.push(this.value());
    }
  }

  #string(): string {
    let out = "";
    for (this.#i++; ; this.#i++) {
      const c = this.peek();
      if (c === "") throw new Error("unterminated string");
      if (c === '"') {
        this.#i++;
        return out;
      }
      if (c === "\\") {
        this.#i++;
        const e = this.peek();
        out += e === "n" ? "\n" : e === "t" ? "\t" : e;
      } else out += c;
    }
  }

  #symbol(skip: number): string {
    this.#i += skip;
    const start = this.#i;
    while (!this.done() && !/[\s,{}[\]()"]/.test(this.peek())) this.#i++;
    if (this.#i === start) throw new Error(`unexpected '${this.peek()}'`);
    return this.text.slice(start, this.#i);
  }
}
