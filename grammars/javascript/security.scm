; inherits: ecma
; JavaScript class fields (TypeScript calls them public_field_definition).
(field_definition property: (property_identifier) @secret.name value: [(string) (template_string)] @secret.value) @secret
