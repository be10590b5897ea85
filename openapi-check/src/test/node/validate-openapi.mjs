// Reads an OpenAPI 3.1 document as JSON on stdin and validates it against the official schema
// (https://spec.openapis.org/oas/3.1/schema-base: the document's structure and every Schema
// Object in it, against the OAS dialect of JSON Schema 2020-12). Prints one line per error,
// "instance-location: failed keyword-location", and exits 1 if there is any.
import { validate } from "@hyperjump/json-schema/openapi-3-1";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const output = await validate("https://spec.openapis.org/oas/3.1/schema-base", JSON.parse(input), "BASIC");
if (output.valid) {
  console.log("valid");
} else {
  for (const error of output.errors) {
    console.log(`${error.instanceLocation}: failed ${error.absoluteKeywordLocation}`);
  }
  process.exitCode = 1;
}
