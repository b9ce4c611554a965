import { factAccessor, factText, type Facts } from './facts.js';

/** A compiled `{fact}` template ("KashFlow receipt {paymentId}"); unknown facts render as ''. */
export type Template = (facts: Facts) => string;

/** Compiles a template once; `{{` and `}}` write literal braces. */
export function compileTemplate(text: string): Template {
  const parts: (string | ((f: Facts) => unknown))[] = [];
  const re = /\{\{|\}\}|\{([^{}]+)\}/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    if (m[0] === '{{') parts.push('{');
    else if (m[0] === '}}') parts.push('}');
    else parts.push(factAccessor((m[1] as string).trim()));
    last = re.lastIndex;
  }
  if (last < text.length) parts.push(text.slice(last));
  if (parts.every((p) => typeof p === 'string')) {
    const constant = parts.join('');
    return () => constant;
  }
  return (facts) => {
    let out = '';
    for (const p of parts) out += typeof p === 'string' ? p : factText(p(facts));
    return out;
  };
}
