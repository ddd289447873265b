; Names used in code, with the module or value they are selected from when there is one.
(member_expression object: (identifier) @qualifier property: (property_identifier) @reference)
(nested_type_identifier module: (identifier) @qualifier name: (type_identifier) @reference)
(identifier) @reference
(type_identifier) @reference
(property_identifier) @reference
(shorthand_property_identifier) @reference
