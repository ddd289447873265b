; What code actions and hover work on. Each declaration pattern captures the declaration as
; @function, @method or @type and the identifier a hover lands on as @name.
(function_declaration name: (identifier) @name) @function
(method_declaration name: (field_identifier) @name) @method
(type_spec name: (type_identifier) @name) @type

; The file's imports, shown to the model as they are.
(import_declaration) @import

; Callees, so prompts can include the signatures of same-file functions the code calls.
(call_expression function: (identifier) @call)
(call_expression function: (selector_expression field: (field_identifier) @call))
