import type { Rule } from '../../core/define-rule.js';
import fileTooLarge from './file-too-large/index.js';
import parseError from './parse-error/index.js';
import unreadableFile from './unreadable-file/index.js';

/** Every input rule; one folder per rule beside this file. */
export const inputRules: readonly Rule[] = [parseError, unreadableFile, fileTooLarge];
