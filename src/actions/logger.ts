import * as core from '@actions/core';
import type { Logger } from '../log.js';

/** The library's Logger on top of workflow commands (real ::warning:: annotations, groups). */
export const actionsLogger: Logger = {
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  debug: (m) => core.debug(m),
  group: (name, fn) => core.group(name, fn),
};
