// The reading pane: the article rendered from its markdown, every piece of text remembering its
// offsets in the body, so a node's quote can be marked and a selection read back as offsets.
// Markup characters stay in the DOM but hidden, so a <mark>'s textContent is the exact quote.

import { h } from "./dom.js";

const INLINE = /\*\*|\*|\[(?=[^\]\n]*\]\([^)\s]*\))|\]\([^)\s]*\)/g;

/** For each code point index of `text`, its index in UTF-16 units (one more entry at the end). */
export function codePointUnits(text) {
  const units = [0];
  let unit = 0;
  for (const char of text) {
    unit += char.length;
    units.push(unit);
  }
  return units;
}

/** The blocks of a markdown body: [{type: "h"|"p"|"li", start, end}] in UTF-16 offsets. */
export function blocks(body) {
  const found = [];
  let current = null;
  let offset = 0;
  for (const line of body.split("\n")) {
    const start = offset;
    const end = start + line.length;
    offset = end + 1;
    if (!line.trim()) {
      current = null;
    } else if (/^\s*[-*] /.test(line)) {
      current = null;
      found.push({ type: "li", start, end, lines: 1 });
    } else if (current && current.type !== "li") {
      current.end = end;
      current.lines += 1;
    } else {
      current = { type: "p", start, end, lines: 1 };
      found.push(current);
    }
  }
  for (const block of found) {
    const text = body.slice(block.start, block.end).trim();
    // The body keeps no heading marks: a short lone line with no closing stop is a heading.
    if (block.type === "p" && block.lines === 1 && text.length < 100 && !/[.,;:)]$/.test(text)) {
      block.type = "h";
    }
  }
  return found;
}

/** The article in `container`, with `mark(node)` and `onSelect(callback)`. */
export class Reading {
  constructor(container, body, anchors) {
    this.container = container;
    this.body = body;
    const units = codePointUnits(body);
    this.anchors = anchors.map((a) => ({ ...a, from: units[a.start], to: units[a.end] }));
    this.blocks = blocks(body);
    this.render([], null);
  }

  /** Draws the text with the ranges [from, to) of `node` inside <mark> elements. */
  render(ranges, node) {
    this.pieces = [];
    this.ranges = ranges;
    this.node = node;
    const out = [];
    let list = null;
    for (const block of this.blocks) {
      const element = h(block.type === "h" ? "h3" : block.type === "li" ? "li" : "p");
      let start = block.start;
      if (block.type === "li") {
        const bullet = /^\s*[-*] /.exec(this.body.slice(block.start, block.end))[0];
        this.emit(element, block.start, block.start + bullet.length, true);
        start += bullet.length;
      }
      this.inline(element, start, block.end);
      if (block.type === "li") {
        if (!list) out.push((list = h("ul")));
        list.append(element);
      } else {
        list = null;
        out.push(element);
      }
    }
    this.container.replaceChildren(...out);
  }

  /** Renders bold, emphasis and links of body[start, end) into `parent`, markup hidden. */
  inline(parent, start, end) {
    const stack = [parent];
    const top = () => stack.at(-1);
    let at = start;
    for (const match of this.body.slice(start, end).matchAll(INLINE)) {
      const [token] = match;
      const from = start + match.index;
      const to = from + token.length;
      this.emit(top(), at, from, false);
      at = to;
      if (token.startsWith("]")) {
        // The end of a link: its target is markup; the words before it stay.
        this.emit(top(), from, to, true);
        if (stack.length > 1 && top().localName === "span") stack.pop();
        continue;
      }
      const tag = token === "**" ? "strong" : token === "*" ? "em" : "span";
      if (tag !== "span" && stack.length > 1 && top().localName === tag) {
        this.emit(top(), from, to, true);
        stack.pop();
        continue;
      }
      const element = h(tag, tag === "span" ? { class: "link-text" } : {});
      top().append(element);
      stack.push(element);
      this.emit(element, from, to, true);
    }
    this.emit(top(), at, end, false);
  }

  /** Appends body[from, to) to `parent`, cut at the marked ranges; hidden for markup. */
  emit(parent, from, to, hidden) {
    const cuts = new Set([from, to]);
    for (const [a, b] of this.ranges) for (const cut of [a, b]) if (cut > from && cut < to) cuts.add(cut);
    const points = [...cuts].sort((x, y) => x - y);
    for (let i = 0; i + 1 < points.length; i += 1) {
      const [a, b] = [points[i], points[i + 1]];
      const textNode = document.createTextNode(this.body.slice(a, b));
      this.pieces.push({ node: textNode, start: a, end: b });
      let target = parent;
      if (this.ranges.some(([s, e]) => s < b && e > a)) {
        const last = parent.lastChild;
        if (last?.localName === "mark" && last.dataset.end === String(a)) {
          target = last;
        } else {
          target = h("mark", { dataset: { node: this.node } });
          parent.append(target);
        }
        target.dataset.end = String(b);
      }
      target.append(hidden ? h("span", { class: "md", "aria-hidden": "true" }, textNode) : textNode);
    }
  }

  /** Marks the words of `node` (its anchors); false if it has none.
   *
   * The first mark is scrolled to within the reading pane; the page itself scrolls only when
   * `reveal` is set (the reader asked), so on a narrow screen a click does not leave the map. */
  mark(node, { reveal = false } = {}) {
    const ranges = this.anchors.filter((a) => a.node === node).map((a) => [a.from, a.to]);
    this.render(ranges, node);
    const first = this.container.querySelector("mark");
    if (first && reveal) first.scrollIntoView({ block: "center", behavior: "instant" });
    else if (first) this.scrollPane(first);
    return ranges.length > 0;
  }

  /** Scrolls the reading pane (not the page) so `element` is in its middle. */
  scrollPane(element) {
    const pane = this.container.closest(".reading") ?? this.container;
    if (getComputedStyle(pane).overflowY === "visible") return;
    const offset = element.getBoundingClientRect().top - pane.getBoundingClientRect().top;
    pane.scrollTop += offset - pane.clientHeight / 2;
  }

  /** Clears the marks. */
  clear() {
    if (this.ranges.length) this.render([], null);
  }

  /** The body offsets [from, to) of the current selection, or null when it is not in the text. */
  selection() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    if (!this.container.contains(range.commonAncestorContainer)) return null;
    let from = null;
    let to = null;
    for (const piece of this.pieces) {
      if (!range.intersectsNode(piece.node)) continue;
      const a = piece.node === range.startContainer ? piece.start + range.startOffset : piece.start;
      const b = piece.node === range.endContainer ? piece.start + range.endOffset : piece.end;
      if (b <= a) continue;
      from = from === null ? a : Math.min(from, a);
      to = to === null ? b : Math.max(to, b);
    }
    return from === null ? null : [from, to];
  }

  /** The nodes anchored in body[from, to) (overlapping it), in the order of the text. */
  anchoredIn([from, to]) {
    const seen = new Set();
    return this.anchors.filter((a) => a.from < to && a.to > from && !seen.has(a.node) && seen.add(a.node)).map((a) => a.node);
  }

  /** Calls `callback(nodes, [from, to])` whenever the reader selects a passage of the text. */
  onSelect(callback) {
    const read = () => {
      const span = this.selection();
      if (span) callback(this.anchoredIn(span), span);
    };
    this.container.addEventListener("mouseup", () => setTimeout(read, 0));
    this.container.addEventListener("keyup", (event) => {
      if (event.shiftKey) read();
    });
  }
}
