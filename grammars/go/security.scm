; What a reviewer would block in generated Go code. The node to report is captured as @<rule>,
; its parts as @<rule>.<part>; server/actions/security.ts applies the lexical checks a query
; cannot express (credential-like names, SQL keywords, request input, constant arguments).

; A string literal bound to a credential-like name, or holding a well-known key format.
(const_spec name: (identifier) @secret.name value: (expression_list . [(interpreted_string_literal) (raw_string_literal)] @secret.value)) @secret
(var_spec name: (identifier) @secret.name value: (expression_list . [(interpreted_string_literal) (raw_string_literal)] @secret.value)) @secret
(short_var_declaration left: (expression_list . (identifier) @secret.name) right: (expression_list . [(interpreted_string_literal) (raw_string_literal)] @secret.value)) @secret
(assignment_statement left: (expression_list . [(identifier) @secret.name (selector_expression field: (field_identifier) @secret.name)]) right: (expression_list . [(interpreted_string_literal) (raw_string_literal)] @secret.value)) @secret
(keyed_element key: (literal_element [(identifier) (interpreted_string_literal)] @secret.name) value: (literal_element [(interpreted_string_literal) (raw_string_literal)] @secret.value)) @secret
[(interpreted_string_literal) (raw_string_literal)] @secret

; SQL assembled by concatenation or by a format string.
(binary_expression operator: "+") @sql
(call_expression
  function: (selector_expression operand: (identifier) @sql.pkg field: (field_identifier) @sql.fn)
  arguments: (argument_list . [(interpreted_string_literal) (raw_string_literal)] @sql.format)
  (#eq? @sql.pkg "fmt")
  (#any-of? @sql.fn "Sprintf" "Fprintf" "Printf" "Errorf")) @sql

; A command whose program, or whose shell script, comes from a variable.
(call_expression
  function: (selector_expression operand: (identifier) @shell.pkg field: (field_identifier) @shell.fn)
  arguments: (argument_list) @shell.args
  (#eq? @shell.pkg "exec")
  (#any-of? @shell.fn "Command" "CommandContext")) @shell

; Certificate verification turned off.
(keyed_element
  key: (literal_element (identifier) @tls.key)
  value: (literal_element (true))
  (#eq? @tls.key "InsecureSkipVerify")) @tls
(assignment_statement
  left: (expression_list (selector_expression field: (field_identifier) @tls.key))
  right: (expression_list (true))
  (#eq? @tls.key "InsecureSkipVerify")) @tls

; A file path built from request input.
(call_expression
  function: (selector_expression operand: (identifier) @path.pkg field: (field_identifier) @path.fn)
  arguments: (argument_list) @path.args
  (#any-of? @path.pkg "filepath" "path" "os" "ioutil" "http")
  (#any-of? @path.fn "Join" "Open" "OpenFile" "ReadFile" "WriteFile" "Create" "Remove" "RemoveAll" "ReadDir" "ServeFile")) @path

; Local variables, so request input stored in a variable first is still recognised.
(short_var_declaration left: (expression_list . (identifier) @input.name) right: (expression_list . (_) @input.value)) @input
(var_spec name: (identifier) @input.name value: (expression_list . (_) @input.value)) @input
