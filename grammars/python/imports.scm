; Each import: the module it names (@source, dotted or relative) and, for `from … import`, the names.
(import_statement name: (dotted_name) @source) @import
(import_statement name: (aliased_import name: (dotted_name) @source alias: (identifier) @alias)) @import
(import_from_statement module_name: [(dotted_name) (relative_import)] @source) @import
(future_import_statement) @import
