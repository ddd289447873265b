; inherits: ecma
; TypeScript class fields.
(public_field_definition name: (property_identifier) @secret.name value: [(string) (template_string)] @secret.value) @secret
