;;; driver.el --- drive Ghostline from Emacs's own LSP client, eglot -*- lexical-binding: t -*-

;; Run by test/e2e/emacs.test.ts as `emacs --batch -l driver.el` (not -Q: Debian's site-start puts
;; elpa-eglot on the load path). GHOSTLINE_E2E_SPEC names a JSON file: the server command, the
;; settings, the file, where to type and hover. Each step's outcome goes to the result file as
;; JSON; Emacs always exits, also when a step fails.

(require 'cl-lib)
(require 'json)
(require 'eglot)

(defvar ghostline-e2e-spec
  (let ((json-object-type 'alist) (json-array-type 'list))
    (json-read-file (getenv "GHOSTLINE_E2E_SPEC"))))

(defun ghostline-e2e-get (key)
  (cdr (assq key ghostline-e2e-spec)))

(defvar ghostline-e2e-results nil "Alist of step name to outcome.")

(defun ghostline-e2e-record (key value)
  (push (cons key value) ghostline-e2e-results))

(defun ghostline-e2e-save ()
  (with-temp-file (ghostline-e2e-get 'result)
    (insert (json-encode ghostline-e2e-results))))

(defun ghostline-e2e-settings ()
  "The `ghostline' settings as a plist, the shape eglot sends."
  (let ((json-object-type 'plist))
    (json-read-from-string (json-encode (ghostline-e2e-get 'settings)))))

;; Emacs 28 has no Go mode: a derived mode stands in, registered with its LSP language id.
(define-derived-mode ghostline-e2e-go-mode prog-mode "Go/e2e")
(add-to-list 'eglot-server-programs
             `((ghostline-e2e-go-mode :language-id "go") . ,(ghostline-e2e-get 'cmd)))
;; The workspace is the folder holding go.mod, without asking version control.
(add-hook 'project-find-functions (lambda (_dir) (cons 'transient (ghostline-e2e-get 'root))))
;; Answers to workspace/configuration come from a temporary buffer: set the default value.
(setq-default eglot-workspace-configuration `((:ghostline . ,(ghostline-e2e-settings))))
(cl-defmethod eglot-initialization-options ((_server eglot-lsp-server))
  (ghostline-e2e-settings))
;; Server-initiated edits (workspace/applyEdit from a command) are applied without a y-or-n prompt.
(setq eglot-confirm-server-initiated-edits nil)

(defun ghostline-e2e-wait (what predicate)
  "Runs the event loop until PREDICATE holds, or fails naming WHAT after 20 s."
  (let ((deadline (+ (float-time) 20)))
    (while (not (funcall predicate))
      (when (> (float-time) deadline) (error "Timed out waiting for %s" what))
      (accept-process-output nil 0.05))))

(defun ghostline-e2e-goto (position)
  "Moves point to an LSP POSITION alist (line, character)."
  (goto-char (eglot--lsp-position-to-point
              (list :line (cdr (assq 'line position)) :character (cdr (assq 'character position))))))

(defun ghostline-e2e-connect ()
  (find-file (ghostline-e2e-get 'file))
  (ghostline-e2e-go-mode)
  ;; eglot-ensure waits for an idle moment that never comes in batch: start it directly.
  (apply #'eglot (eglot--guess-contact))
  (ghostline-e2e-wait "the Ghostline server" (lambda () (eglot-current-server)))
  (let ((server (eglot-current-server)))
    (ghostline-e2e-record 'server (plist-get (eglot--server-info server) :name))))

(defun ghostline-e2e-complete ()
  "Types, asks for completion at point through completion-at-point and accepts the sole item."
  (ghostline-e2e-goto (ghostline-e2e-get 'cursor))
  (insert (ghostline-e2e-get 'typed))
  ;; didChange goes out on an idle timer that never runs in batch.
  (eglot--signal-textDocument/didChange)
  (let ((completion-auto-help nil))
    (completion-at-point))
  (ghostline-e2e-record 'completed (buffer-substring-no-properties (line-beginning-position) (line-end-position))))

(defun ghostline-e2e-hover ()
  (ghostline-e2e-goto (ghostline-e2e-get 'hover))
  (let* ((reply (jsonrpc-request (eglot-current-server) :textDocument/hover (eglot--TextDocumentPositionParams)))
         (contents (plist-get reply :contents)))
    ;; Rendered the way eglot shows hovers in eldoc.
    (ghostline-e2e-record 'hover (and contents (eglot--hover-info contents)))))

(defun ghostline-e2e-code-action ()
  "Lists the actions at the function and picks Document through eglot's own menu code."
  (ghostline-e2e-goto (ghostline-e2e-get 'action))
  (let* ((actions (eglot-code-actions (point) (point)))
         (titles (mapcar (lambda (action) (plist-get action :title)) actions))
         (chosen (cl-find-if (lambda (title) (string-prefix-p "Ghostline: Document" title)) titles)))
    (ghostline-e2e-record 'titles (vconcat titles))
    (unless chosen (error "No Document action among %S" titles))
    ;; The menu, answered as a user would; a non-list last event selects completing-read over a popup.
    (cl-letf (((symbol-function 'completing-read) (lambda (&rest _) chosen)))
      (let ((last-nonmenu-event 13))
        (eglot-code-actions (point) (point) nil t)))
    (ghostline-e2e-record 'afterAction (buffer-substring-no-properties (point-min) (point-max)))))

(defun ghostline-e2e-run (name step)
  (condition-case err
      (funcall step)
    (error (ghostline-e2e-record (intern (format "error-%s" name)) (error-message-string err)))))

(unwind-protect
    (progn
      (ghostline-e2e-run "connect" #'ghostline-e2e-connect)
      (ghostline-e2e-run "complete" #'ghostline-e2e-complete)
      (ghostline-e2e-run "hover" #'ghostline-e2e-hover)
      (ghostline-e2e-run "action" #'ghostline-e2e-code-action)
      (ghostline-e2e-record 'done t))
  (ghostline-e2e-save)
  (let ((server (eglot-current-server)))
    (when server (ignore-errors (eglot-shutdown server))))
  (kill-emacs 0))
