/**
 * Imported first by the setup and post entry points, for its effect: starts the
 * tree-hashing workers while the rest of the bundle loads, since both steps prove a Go tree
 * and a worker takes ~40 ms to boot. Unused workers do not keep the step alive.
 */
import { prestartHashWorkers } from '../verify/tree-proof/hash-tree.js';

prestartHashWorkers();
