; Names used in code, with the package or value they are selected from when there is one.
(selector_expression operand: (identifier) @qualifier field: (field_identifier) @reference)
(qualified_type package: (package_identifier) @qualifier name: (type_identifier) @reference)
(identifier) @reference
(type_identifier) @reference
(field_identifier) @reference
