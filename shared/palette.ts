// The Okabe & Ito (2008) "Color Universal Design" palette, safe for the common colour-vision
// deficiencies. Its own module (no imports) so that definitions (transformations) can name
// their colour without pulling in the chart builders.
export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  black: '#000000',
  grey: '#999999',
} as const;
