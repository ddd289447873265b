; Each imported package: its path and, when given, the local name (alias, `.` or `_`).
(import_spec name: (_)? @alias path: (interpreted_string_literal) @source) @import
