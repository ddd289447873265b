; Shared by JavaScript, TypeScript and TSX (each inherits this file): what code actions and hover
; work on. Each declaration pattern captures the declaration as @function, @method or @type and
; the identifier a hover lands on as @name.
(function_declaration name: (identifier) @name) @function
(generator_function_declaration name: (identifier) @name) @function
(variable_declarator name: (identifier) @name value: [(arrow_function) (function_expression)]) @function
(method_definition name: [(property_identifier) (private_property_identifier)] @name) @method
(class_declaration name: (_) @name) @type

; The file's imports, shown to the model as they are.
(import_statement) @import

; Callees, so prompts can include the signatures of same-file functions the code calls.
(call_expression function: (identifier) @call)
(call_expression function: (member_expression property: (property_identifier) @call))
(new_expression constructor: (identifier) @call)
