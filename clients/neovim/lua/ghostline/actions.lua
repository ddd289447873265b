-- Ghostline's code actions only, on every Neovim from 0.7: vim.lsp.buf.code_action() mixes in every
-- server's actions and cannot filter by server before 0.10.

local ghostline = require('ghostline')

local M = {}

-- A failed action is shown once: the server sends it as a message and marks the error `shown`.
local function report(err)
  if type(err.data) == 'table' and err.data.shown then
    return
  end
  vim.notify('ghostline: ' .. tostring(err.message or err), vim.log.levels.ERROR)
end

-- Diagnostics on the given lines as LSP diagnostics, so "fix diagnostic" actions can see them.
local function lsp_diagnostics(bufnr, first, last)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.lnum >= first and d.lnum <= last then
      -- Neovim 0.7 keeps only the extra fields (code, codeDescription, data …) in user_data.lsp:
      -- the range and message come from the diagnostic itself, the rest from the original.
      local lsp = vim.tbl_extend('force', {
        range = {
          start = { line = d.lnum, character = d.col },
          ['end'] = { line = d.end_lnum or d.lnum, character = d.end_col or d.col },
        },
        severity = d.severity,
        message = d.message,
        source = d.source,
        code = d.code,
      }, d.user_data and d.user_data.lsp or {})
      table.insert(out, lsp)
    end
  end
  return out
end

-- Whole lines first..last (1-based, as a command's range gives them), or the cursor position.
local function range_params(bufnr, client, range)
  local encoding = client.offset_encoding or 'utf-16'
  if not range then
    return vim.lsp.util.make_range_params(0, encoding)
  end
  local last_line = vim.api.nvim_buf_get_lines(bufnr, range[2] - 1, range[2], true)[1]
  local utf32, utf16 = vim.str_utfindex(last_line)
  local width = ({ ['utf-8'] = #last_line, ['utf-16'] = utf16, ['utf-32'] = utf32 })[encoding] or utf16
  return {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = { start = { line = range[1] - 1, character = 0 }, ['end'] = { line = range[2] - 1, character = width } },
  }
end

local function execute(client, command, bufnr)
  ghostline.call(client, 'request', 'workspace/executeCommand', { command = command.command, arguments = command.arguments }, function(err)
    if err then
      report(err)
    end
  end, bufnr)
end

local function apply(client, action, bufnr, done)
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  end
  -- An action is either a CodeAction (with an optional command) or a bare Command.
  local command = type(action.command) == 'table' and action.command or (type(action.command) == 'string' and action)
  if command then
    execute(client, command, bufnr)
  end
  if done then
    done(action)
  end
end

--- Applies one action, resolving its edit first when the server computes edits lazily.
function M.run(client, action, bufnr, done)
  local provider = client.server_capabilities.codeActionProvider
  local resolvable = type(provider) == 'table' and provider.resolveProvider
  if action.edit or not resolvable or action.data == nil then
    return apply(client, action, bufnr, done)
  end
  ghostline.call(client, 'request', 'codeAction/resolve', action, function(err, resolved)
    if err then
      report(err)
      return
    end
    apply(client, resolved or action, bufnr, done)
  end, bufnr)
end

--- Offers Ghostline's code actions for the cursor or `range` ({ first, last }, 1-based lines)
--- in vim.ui.select; `done(action)` is called after the chosen one was applied.
function M.select(opts)
  opts = opts or {}
  local bufnr = vim.api.nvim_get_current_buf()
  local client = ghostline.clients(bufnr)[1]
  if not client or not client.server_capabilities.codeActionProvider then
    vim.notify('ghostline: no Ghostline server with code actions is attached to this buffer', vim.log.levels.WARN)
    return
  end
  local params = range_params(bufnr, client, opts.range)
  local first, last = params.range.start.line, params.range['end'].line
  params.context = { diagnostics = lsp_diagnostics(bufnr, first, last) }
  ghostline.call(client, 'request', 'textDocument/codeAction', params, function(err, actions)
    if err then
      vim.notify('ghostline: ' .. tostring(err.message or err), vim.log.levels.ERROR)
      return
    end
    if not actions or #actions == 0 then
      vim.notify('ghostline: no code actions here', vim.log.levels.INFO)
      return
    end
    vim.ui.select(actions, {
      prompt = 'Ghostline:',
      format_item = function(action)
        return action.title
      end,
    }, function(action)
      if action then
        M.run(client, action, bufnr, opts.done)
      end
    end)
  end, bufnr)
end

return M
