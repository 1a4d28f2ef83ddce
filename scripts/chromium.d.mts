export const INSTALL_HINT: string;
export function findChromium(env?: Record<string, string | undefined>): string | null;
