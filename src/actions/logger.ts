import * as core from '@actions/core';
import type { Logger } from '../log.js';
import { fenced, startsCommand } from '../log-text.js';

/**
 * The library's Logger on top of workflow commands (real ::warning:: annotations, groups).
 * Warnings, debug lines and group names are command data, which @actions/core escapes; an
 * info line is written as it is, so one that holds a line a runner would act on is fenced.
 */
export const actionsLogger: Logger = {
  info: (m) => core.info(startsCommand(m) ? fenced(m) : m),
  warning: (m) => core.warning(m),
  debug: (m) => core.debug(m),
  group: (name, fn) => core.group(name, fn),
};
