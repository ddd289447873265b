; Scopes the completion engine asks about at the cursor.
(comment) @comment
(interpreted_string_literal) @string
(raw_string_literal) @string
(rune_literal) @string
(function_declaration) @function
(method_declaration) @function
(func_literal) @function
