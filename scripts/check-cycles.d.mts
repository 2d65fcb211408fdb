/** module → the app modules it imports, paths relative to the repository. */
export function importGraph(): Map<string, string[]>;

export interface Tangle {
  /** The modules of one strongly connected component. */
  modules: string[];
  /** For each module, the shortest cycle through it, written from its smallest module. */
  cycles: string[][];
}

export function findCycles(graph?: Map<string, string[]>): Tangle[];
