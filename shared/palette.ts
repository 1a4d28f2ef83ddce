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

/**
 * Transformation colours: Paul Tol's "muted" scheme (colour-blind safe) plus Okabe-Ito orange
 * and two dark tones. None of them is a group colour (seen blue, unseen vermillion, x + T(x)
 * green, x only grey), which every figure keeps for those meanings.
 */
export const TRANSFORM_PALETTE = {
  wine: '#882255', sand: '#DDAA33', indigo: '#332288', teal: '#44AA99', rose: '#CC6677', olive: '#999933',
  purple: '#AA4499', cyan: '#88CCEE', darkGreen: '#117733', orange: '#E69F00', brown: '#661100', slate: '#6F6FA8',
  pink: '#EE99AA', violet: '#5D3A9B',
} as const;
