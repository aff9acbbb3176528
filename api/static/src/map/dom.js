// Small DOM helpers shared by the map page's modules.

/** An element with attributes (on* as listeners, boolean true as a bare attribute) and children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends children (strings become text, arrays are flattened, empty values skipped). */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Removes every child of an element and puts the given ones in. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** A kind or relation name as a reader says it ("counterexample" → "Counterexample"). */
export function titleCase(word) {
  return word ? word[0].toUpperCase() + word.slice(1) : word;
}
