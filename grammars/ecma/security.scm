; What a reviewer would block in generated JavaScript, TypeScript and TSX (each inherits this
; file). The node to report is captured as @<rule>, its parts as @<rule>.<part>;
; server/actions/security.ts applies the lexical checks a query cannot express (credential-like
; names, SQL keywords, request input, constant arguments).

; A string literal bound to a credential-like name, or holding a well-known key format.
(variable_declarator name: (identifier) @secret.name value: [(string) (template_string)] @secret.value) @secret
(pair key: [(property_identifier) (string)] @secret.name value: [(string) (template_string)] @secret.value) @secret
(assignment_expression
  left: [(identifier) @secret.name (member_expression property: (property_identifier) @secret.name) (subscript_expression index: (string) @secret.name)]
  right: [(string) (template_string)] @secret.value) @secret
[(string) (template_string)] @secret

; SQL assembled by concatenation or by an untagged template literal.
(binary_expression operator: "+") @sql
(template_string (template_substitution)) @sql

; Shell commands and spawned programs from variables.
(call_expression
  function: [(identifier) @shell.fn (member_expression property: (property_identifier) @shell.fn)]
  arguments: (arguments) @shell.args
  (#any-of? @shell.fn "exec" "execSync" "spawn" "spawnSync" "execFile" "execFileSync")) @shell

; eval, new Function and the vm module on non-constant input.
(call_expression function: (identifier) @eval.fn arguments: (arguments) @eval.args (#eq? @eval.fn "eval")) @eval
(call_expression
  function: (member_expression property: (property_identifier) @eval.fn)
  arguments: (arguments) @eval.args
  (#any-of? @eval.fn "runInNewContext" "runInThisContext" "runInContext" "compileFunction")) @eval
(new_expression constructor: (identifier) @eval.fn arguments: (arguments) @eval.args (#eq? @eval.fn "Function")) @eval
(call_expression function: (identifier) @eval.fn arguments: (arguments) @eval.args (#eq? @eval.fn "Function")) @eval

; Certificate verification turned off.
(pair key: [(property_identifier) (string)] @tls.key value: (false) (#match? @tls.key "^['\"]?(rejectUnauthorized|strictSSL)['\"]?$")) @tls
(assignment_expression
  left: (member_expression property: (property_identifier) @tls.key)
  right: [(string) (number)] @tls.value
  (#eq? @tls.key "NODE_TLS_REJECT_UNAUTHORIZED")) @tls

; A file path built from request input.
(call_expression
  function: (member_expression property: (property_identifier) @path.fn)
  arguments: (arguments) @path.args
  (#any-of? @path.fn "join" "resolve" "readFile" "readFileSync" "writeFile" "writeFileSync" "createReadStream" "createWriteStream" "unlink" "rm" "sendFile" "download")) @path

; Local variables, so request input stored in a variable first is still recognised.
(variable_declarator name: (identifier) @input.name value: (_) @input.value) @input
