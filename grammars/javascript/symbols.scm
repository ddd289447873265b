; inherits: ecma
; JavaScript classes are named by a plain identifier.
(class_declaration name: (identifier) @name) @definition.class
