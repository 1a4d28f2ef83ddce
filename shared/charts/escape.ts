// The one HTML escape of the chart code. ECharts puts a formatter's return value into the
// tooltip as HTML, so every piece of data a formatter shows (category names, experiment
// names, anything a user or a dataset folder chose) goes through this; the app's CSP is a
// second wall, never the first.
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITY[c]!);
}

/**
 * A tooltip's HTML from a template: interpolated values are escaped, the literal parts
 * (the builder's own markup such as `<br/>`) are kept. `html\`True: ${name}<br/>\``.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0]!;
  values.forEach((v, i) => { out += escapeHtml(v) + strings[i + 1]!; });
  return out;
}
