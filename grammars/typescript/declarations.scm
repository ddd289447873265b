; inherits: ecma
; TypeScript adds type-level declarations to those of JavaScript.
(abstract_class_declaration name: (type_identifier) @name) @type
(interface_declaration name: (type_identifier) @name) @type
(type_alias_declaration name: (type_identifier) @name) @type
(enum_declaration name: (identifier) @name) @type
(abstract_method_signature name: (property_identifier) @name) @method
