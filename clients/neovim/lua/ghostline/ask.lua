-- :GhostlineAsk: a question about the workspace, answered into a scratch markdown buffer as it
-- streams ($/progress reports on a token of our own), with the citations in the quickfix list.

local ghostline = require('ghostline')

local M = {}

local next_token = 0
-- Answers being streamed, by progress token: { buf = scratch buffer }.
local streams = {}

-- Appends streamed text to the end of a buffer, continuing its last line.
local function append(buf, text)
  if not vim.api.nvim_buf_is_valid(buf) then
    return
  end
  local pieces = vim.split(text, '\n', { plain = true })
  local last = vim.api.nvim_buf_line_count(buf)
  local tail = vim.api.nvim_buf_get_lines(buf, last - 1, last, false)[1] or ''
  pieces[1] = tail .. pieces[1]
  vim.api.nvim_buf_set_lines(buf, last - 1, last, false, pieces)
end

-- Our tokens are taken out of $/progress before Neovim's own handler, which tracks only the
-- progress it was told to expect; everything else goes on to it unchanged.
local wrapped = {}
local function take_progress(client)
  if wrapped[client.id] then
    return
  end
  wrapped[client.id] = true
  local fallback = client.handlers['$/progress'] or vim.lsp.handlers['$/progress']
  client.handlers['$/progress'] = function(err, result, ctx, config)
    local stream = result and streams[result.token]
    if not stream then
      return fallback(err, result, ctx, config)
    end
    if result.value and result.value.kind == 'report' and result.value.message then
      append(stream.buf, result.value.message)
    end
  end
end

local function scratch(question)
  vim.cmd('botright new')
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].buftype = 'nofile'
  vim.bo[buf].bufhidden = 'wipe'
  vim.bo[buf].swapfile = false
  vim.bo[buf].filetype = 'markdown'
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, { '# ' .. question, '', '' })
  return buf
end

local function show(buf, question, result)
  if vim.api.nvim_buf_is_valid(buf) then
    local lines = vim.split(result.markdown or '', '\n', { plain = true })
    vim.api.nvim_buf_set_lines(buf, 2, -1, false, lines)
  end
  local items = {}
  for _, c in ipairs(result.citations or {}) do
    table.insert(items, { filename = vim.uri_to_fname(c.uri), lnum = c.line, col = 1, text = c.name ~= '' and c.name or c.path })
  end
  vim.fn.setqflist({}, ' ', { title = 'Ghostline: ' .. question, items = items })
end

--- Asks `question` about the workspace of the current buffer; `range` ({ first, last }, 1-based
--- lines) adds those lines as the selection. `done(result)` is called with {markdown, citations}.
function M.ask(question, range, done)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = ghostline.clients(bufnr)[1]
  if not client then
    vim.notify('ghostline: no Ghostline server is attached to this buffer', vim.log.levels.WARN)
    return
  end
  local argument = { question = question, uri = vim.uri_from_bufnr(bufnr) }
  if range then
    local last = vim.api.nvim_buf_get_lines(bufnr, range[2] - 1, range[2], true)[1]
    argument.range = { start = { line = range[1] - 1, character = 0 }, ['end'] = { line = range[2] - 1, character = #last } }
  end
  next_token = next_token + 1
  local token = 'ghostline-ask-' .. next_token
  local buf = scratch(question)
  streams[token] = { buf = buf }
  take_progress(client)
  local params = { command = 'ghostline.ask', arguments = { argument }, workDoneToken = token }
  ghostline.call(client, 'request', 'workspace/executeCommand', params, function(err, result)
    streams[token] = nil
    if err then
      append(buf, '\n\n**Ghostline:** ' .. tostring(err.message or err))
      return
    end
    show(buf, question, result)
    if done then
      done(result)
    end
  end, bufnr)
end

return M
