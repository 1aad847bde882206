export const TOPOLOGY_FILE: string;
export const DELIVERY_LIMIT: number;
export function topologyYaml(): string;
