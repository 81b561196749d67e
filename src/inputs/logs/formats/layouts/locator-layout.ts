import type { ScanProgram } from '../../wasm-scanner.js';
import type { AccessFields } from '../access-fields.js';
import { slotOf, spanOf } from '../access-fields.js';
import type { JsonLocator } from '../json-locator.js';
import { TemplateLocator } from '../template.js';
import type { AccessFailure, AccessLayout } from '../types.js';

/**
 * A layout whose fields one locator finds (a log_format-style template or JSON keys). Subclasses say
 * only what is specific to their product: which requests may have failed, and what the failure was.
 */
export abstract class LocatorLayout implements AccessLayout {
  protected abstract readonly locator: TemplateLocator | JsonLocator;
  /** When true, a line whose status field was not found is not a request record. */
  protected readonly requireStatus: boolean = false;

  begin(buf: Buffer, blockEnd: number): void {
    this.locator.begin(buf, blockEnd);
  }

  locate(buf: Buffer, start: number, end: number, spans: Int32Array): boolean {
    return this.locator.locate(buf, start, end, spans) && (!this.requireStatus || spanOf(spans, 'status') !== null);
  }

  abstract mayFail(buf: Buffer, spans: Int32Array): boolean;
  abstract failure(fields: AccessFields): AccessFailure | null;

  /**
   * The may-fail tests for the WebAssembly scanner: a superset of the records `failure` accepts (they may be tighter than
   * `mayFail`, as Envoy's are); null keeps the layout in JavaScript.
   */
  protected mayFailTests(): ScanProgram['clauses'] | null {
    return null;
  }

  program(): ScanProgram | null {
    const clauses = this.mayFailTests();
    if (!clauses || !(this.locator instanceof TemplateLocator)) return null;
    return {
      parts: this.locator.programParts(),
      keyValues: [],
      requiredSlot: this.requireStatus ? slotOf('status') : -1,
      clauses,
      peersSlot: slotOf('peers'),
      poolSlot: slotOf('pool'),
    };
  }
}
