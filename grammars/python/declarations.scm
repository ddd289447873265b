; What code actions and hover work on. Each declaration pattern captures the declaration as
; @function, @method or @type and the identifier a hover lands on as @name.
(module (function_definition name: (identifier) @name) @function)
(module (decorated_definition definition: (function_definition name: (identifier) @name) @function))
(class_definition body: (block (function_definition name: (identifier) @name) @method))
(class_definition body: (block (decorated_definition definition: (function_definition name: (identifier) @name) @method)))
(class_definition name: (identifier) @name) @type

; The file's imports, shown to the model as they are.
(import_statement) @import
(import_from_statement) @import
(future_import_statement) @import

; Callees, so prompts can include the signatures of same-file functions the code calls.
(call function: (identifier) @call)
(call function: (attribute attribute: (identifier) @call))
