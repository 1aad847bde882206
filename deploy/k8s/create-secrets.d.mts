export const SECRETS: readonly { name: string; keys: readonly string[] }[];
export function secretValues(options?: { adminEmail?: string }): Record<string, Record<string, string>>;
