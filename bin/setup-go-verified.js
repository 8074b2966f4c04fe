#!/usr/bin/env node
// The CLI ships bundled (dist/cli), so `npx setup-go-verified` needs no build step.
import '../dist/cli/index.js';
