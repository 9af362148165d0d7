/**
 * Kubernetes manifests as YAML, written by the `yaml` package (a YAML 1.2 document, no
 * line folding). Multi-line text (the k6 script) becomes a literal block whose bytes come
 * back exactly. kubectl and most Kubernetes tooling read YAML 1.1 (sigs.k8s.io/yaml), where
 * `yes`, `on`, `y`, `1_000`, `<<`… are not strings, so every single-line string that YAML
 * 1.1 or 1.2 would read as anything else is double-quoted.
 */
import { Document, parse, visit } from 'yaml';

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue | undefined };

/** Whether a plain `text` would be read back as something other than this string by a YAML 1.1 or 1.2 reader. */
function misread(text: string): boolean {
  if (text === '<<') return true; // YAML 1.1's merge key
  try {
    return parse(text, { version: '1.1' }) !== text || parse(text) !== text;
  } catch {
    return true;
  }
}

/** One YAML document (no `---`), ending with a newline. */
export function toYaml(value: { [key: string]: YamlValue | undefined }): string {
  const doc = new Document(value);
  // Keys and values alike.
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && !node.value.includes('\n') && misread(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0 });
}
