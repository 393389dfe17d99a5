// Types of the fleet generator, for tests that build small fleets with it.
/** mulberry32: a small seedable PRNG, the one the fleet is generated with. */
export declare function createRandom(seed: number): () => number;
export declare function generateHeader(devices: number): Record<string, unknown>;
export declare function generateDevice(random: () => number, n: number): Record<string, unknown>;
export declare function generateServer(random: () => number, role: string, n: number): Record<string, unknown>;
export declare const SERVERS_PER_ROLE: number;
export declare function generateFleet(file: string, devices: number, seed?: number, serversPerRole?: number): number;
