; inherits: ecma
; TypeScript adds overload signatures, type-level declarations and abstract members.
(function_signature name: (identifier) @name) @definition.function
(class_declaration name: (type_identifier) @name) @definition.class
(abstract_class_declaration name: (type_identifier) @name) @definition.class
(interface_declaration name: (type_identifier) @name) @definition.interface
(type_alias_declaration name: (type_identifier) @name) @definition.type
(enum_declaration name: (identifier) @name) @definition.enum
(abstract_method_signature name: (property_identifier) @name) @definition.method
; Members of an interface or an object type alias that are called like methods: method signatures
; and properties holding a function (`cancel: (options?: CancelOptions) => void`), so `x.cancel(`
; finds them as it finds a class's methods.
(interface_declaration body: (interface_body (method_signature name: (property_identifier) @name) @definition.method))
(interface_declaration body: (interface_body (property_signature name: (property_identifier) @name type: (type_annotation (function_type))) @definition.method))
(type_alias_declaration value: (object_type (method_signature name: (property_identifier) @name) @definition.method))
(type_alias_declaration value: (object_type (property_signature name: (property_identifier) @name type: (type_annotation (function_type))) @definition.method))
