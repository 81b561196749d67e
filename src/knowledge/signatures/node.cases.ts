import type { SignatureCases } from '../../core/signature-cases.js';

export default {} satisfies SignatureCases;
