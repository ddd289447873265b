; Names used in code, with the module or value they are selected from when there is one.
(member_expression object: (identifier) @qualifier property: (property_identifier) @reference)
(identifier) @reference
(property_identifier) @reference
(shorthand_property_identifier) @reference
