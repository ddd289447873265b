; Scopes the completion engine asks about at the cursor.
(comment) @comment
(string) @string
(concatenated_string) @string
(function_definition) @function
(lambda) @function
