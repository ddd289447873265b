; inherits: ecma
; JavaScript, TypeScript and TSX share their comment, string and function scopes.
