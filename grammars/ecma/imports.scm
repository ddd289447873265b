; Module specifiers: imports, re-exports, require() and import() calls.
(import_statement source: (string (string_fragment) @source)) @import
(export_statement source: (string (string_fragment) @source)) @import
(call_expression function: (identifier) @_require arguments: (arguments . (string (string_fragment) @source)) (#eq? @_require "require")) @import
(call_expression function: (import) arguments: (arguments . (string (string_fragment) @source))) @import
