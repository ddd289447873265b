; What a reviewer would block in generated Python code (Bandit's common high-severity classes).
; The node to report is captured as @<rule>, its parts as @<rule>.<part>; server/actions/security.ts
; applies the lexical checks a query cannot express (credential-like names, SQL keywords, input).

; A string literal bound to a credential-like name, or holding a well-known key format.
(assignment left: [(identifier) @secret.name (attribute attribute: (identifier) @secret.name)] right: (string) @secret.value) @secret
(keyword_argument name: (identifier) @secret.name value: (string) @secret.value) @secret
(pair key: (string) @secret.name value: (string) @secret.value) @secret
(string) @secret

; SQL assembled by concatenation, %-formatting, str.format() or an f-string.
(binary_operator operator: ["+" "%"]) @sql
(call function: (attribute object: (string) @sql.format attribute: (identifier) @sql.fn) (#eq? @sql.fn "format")) @sql
(string (interpolation)) @sql

; A shell command: subprocess with shell=True, os.system, os.popen.
(call
  function: (attribute object: (identifier) @shell.pkg attribute: (identifier) @shell.fn)
  arguments: (argument_list (keyword_argument name: (identifier) @shell.kw value: (true)))
  (#eq? @shell.pkg "subprocess")
  (#eq? @shell.kw "shell")) @shell
(call
  function: (attribute object: (identifier) @shell.pkg attribute: (identifier) @shell.fn)
  arguments: (argument_list) @shell.args
  (#eq? @shell.pkg "os")
  (#any-of? @shell.fn "system" "popen")) @shell

; eval/exec on anything but a literal.
(call function: (identifier) @eval.fn arguments: (argument_list) @eval.args (#any-of? @eval.fn "eval" "exec")) @eval

; Certificate verification turned off (requests, httpx: verify=False).
(keyword_argument name: (identifier) @tls.key value: (false) @tls.value (#eq? @tls.key "verify")) @tls

; Deserialising untrusted data: pickle/marshal loads, yaml.load without a safe loader.
(call
  function: (attribute object: (identifier) @deserialize.pkg attribute: (identifier) @deserialize.fn)
  arguments: (argument_list) @deserialize.args
  (#any-of? @deserialize.pkg "pickle" "cPickle" "marshal" "dill" "shelve" "yaml")
  (#any-of? @deserialize.fn "load" "loads" "open" "unsafe_load" "full_load")) @deserialize
