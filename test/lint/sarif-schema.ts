import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';

/** Validator for the official SARIF 2.1.0 schema (vendored in test/fixtures/sarif, see its README). */
export function sarifValidator() {
  const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
  // ajv-draft-04 is CommonJS: under NodeNext its class is the `default` of the module object.
  const Ajv = AjvDraft04.default;
  // unicodeRegExp off: the schema's `language` pattern has a stray `]` that is only legal in non-unicode regexes.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  // The formats the schema uses, checked for real (ajv alone only warns about unknown formats).
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => URL.canParse(value, 'file:///base/'));
  ajv.addFormat('date-time', (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/.test(value));
  return ajv.compile(schema);
}
