; Scopes the completion engine asks about at the cursor.
(comment) @comment
(string) @string
(template_string) @string
(regex) @string
(function_declaration) @function
(generator_function_declaration) @function
(function_expression) @function
(arrow_function) @function
(method_definition) @function
