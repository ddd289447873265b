-- :GhostlineTask {text}: a task in words to a verified patch (the server's ghostline.task command).
-- Neovim before 0.12 applies workspace edits without a preview and ignores change annotations, so
-- the plugin asks the server for the edit without applying it (preview = true), shows the diff in a
-- scratch buffer, and applies it only after the user confirms.

local ghostline = require('ghostline')

local M = {}

local function notify(message, level)
  vim.notify('ghostline: ' .. message, level or vim.log.levels.INFO)
end

--- Shows the diff, the verification result and the commit message in a scratch buffer.
function M.show(result)
  vim.cmd('botright new')
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].buftype = 'nofile'
  vim.bo[buf].bufhidden = 'wipe'
  vim.bo[buf].swapfile = false
  local lines = { ('# %s, confidence %s'):format(result.verification, result.confidence), '' }
  vim.list_extend(lines, vim.split(result.patch, '\n', { plain = true }))
  table.insert(lines, '# Commit message:')
  for _, line in ipairs(vim.split(result.commit_message or '', '\n', { plain = true })) do
    table.insert(lines, '#   ' .. line)
  end
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].filetype = 'diff'
  vim.bo[buf].modifiable = false
  return buf
end

-- The files an edit touches, so they can be written once it is applied.
local function touched_buffers(edit)
  local out = {}
  for uri, _ in pairs(edit.changes or {}) do
    table.insert(out, vim.uri_to_bufnr(uri))
  end
  return out
end

local function default_confirm(prompt)
  return vim.fn.confirm(prompt, '&Apply\n&Cancel', 2) == 1
end

--- Runs the task for the current buffer's project. opts.confirm(prompt) decides (default: a
--- dialog); opts.done(result, applied) is called at the end (for scripts and tests).
function M.run(text, opts)
  opts = opts or {}
  local bufnr = vim.api.nvim_get_current_buf()
  local client = ghostline.clients(bufnr)[1]
  if not client then
    notify('no Ghostline server is attached to this buffer', vim.log.levels.WARN)
    return
  end
  local args = { instruction = text, uris = { vim.uri_from_bufnr(bufnr) }, preview = true }
  notify('working on the task (localizing, editing, testing, verifying)…')
  ghostline.call(client, 'request', 'workspace/executeCommand', { command = 'ghostline.task', arguments = { args } }, function(err, result)
    if err or not result then
      notify(tostring(err and err.message or 'no result'), vim.log.levels.ERROR)
      if opts.done then opts.done(nil, false) end
      return
    end
    local scratch = M.show(result)
    local label = result.verified and 'verified' or 'NOT verified'
    local applied = (opts.confirm or default_confirm)(('Apply this %s patch?'):format(label))
    if applied then
      vim.lsp.util.apply_workspace_edit(result.edit, client.offset_encoding or 'utf-16')
      -- The edit was made from the saved files: write them, so the tree is what was verified.
      for _, buf in ipairs(touched_buffers(result.edit)) do
        vim.api.nvim_buf_call(buf, function()
          vim.cmd('silent write')
        end)
      end
      notify(('applied the %s patch'):format(label))
    end
    if vim.api.nvim_buf_is_valid(scratch) and not opts.keep_preview and applied then
      vim.api.nvim_buf_delete(scratch, { force = true })
    end
    if opts.done then opts.done(result, applied) end
  end, bufnr)
end

return M
