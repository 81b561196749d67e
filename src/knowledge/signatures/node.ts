import { defineSignature } from '../../core/define-signature.js';

export const signatures = [
  // defineSignature({ ... }),
].map((s) => defineSignature(s));
