// The one palette: transformations never wear the seen / unseen / all / none colours, each of
// twelve transformations has its own colour, and ordered seen counts never repeat a colour.
import { describe, expect, it } from 'vitest';
import { TRANSFORM_IDS } from '../../shared/ids';
import { GROUP_COLOR, TRANSFORM_COLOR, sequentialColor } from '../../shared/charts/style';
import { escapeHtml, tipFormatter } from '../../shared/charts/tooltip';

describe('figure palette', () => {
  it('keeps transformation colours apart from the group colours and from each other', () => {
    const groups = new Set(Object.values(GROUP_COLOR).map((c) => c.toLowerCase()));
    const colours = TRANSFORM_IDS.map((t) => TRANSFORM_COLOR[t].toLowerCase());
    expect(colours.filter((c) => groups.has(c))).toEqual([]);
    expect(new Set(colours).size).toBe(TRANSFORM_IDS.length);
  });
  it('gives every seen count its own sequential colour', () => {
    for (const n of [2, 5, 7, 12]) {
      const cs = Array.from({ length: n }, (_, i) => sequentialColor(i, n));
      expect(new Set(cs).size).toBe(n);
      expect(cs.every((c) => /^#[0-9a-f]{6}$/.test(c))).toBe(true);
    }
  });
});

describe('tooltips', () => {
  it('prints the item lines escaped, and rounds items without lines', () => {
    expect(tipFormatter({ seriesName: 'Blur', data: { tip: ['Category: <b>cats</b>'] } })).toBe('<strong>Blur</strong><br/>Category: &lt;b&gt;cats&lt;/b&gt;');
    expect(tipFormatter({ seriesName: 'x', value: [0, 80.80000000000001] })).toBe('<strong>x</strong><br/>0, 80.8');
    expect(escapeHtml(`a"b'c&`)).toBe('a&quot;b&#39;c&amp;');
  });
});
