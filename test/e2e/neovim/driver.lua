-- Drives a headless Neovim through what a user does with Ghostline: open files (which starts the
-- server lazily), type, ask for completion, accept the Ghostline item, run :checkhealth, and, when
-- the server offers them, a code action and a hover. Every step's outcome goes to spec.result as
-- JSON; Neovim always quits, also when a step fails.
--
-- Runs as part of the init file, after `_G.GHOSTLINE_E2E` (the spec, see neovim.test.ts) is set and
-- require('ghostline').setup() was called.

local spec = _G.GHOSTLINE_E2E
local ghostline = require('ghostline')
local results = { steps = {}, errors = {} }

local function save()
  vim.fn.writefile({ vim.fn.json_encode(results) }, spec.result)
end

local function buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, true), '\n') .. '\n'
end

-- Coroutine helpers: a step sleeps by yielding to a timer, so Neovim's main loop (typeahead,
-- LSP messages) runs in between.
local function sleep(ms)
  local co = coroutine.running()
  vim.defer_fn(function()
    assert(coroutine.resume(co))
  end, ms)
  coroutine.yield()
end

local function wait_until(what, timeout_ms, predicate)
  local waited = 0
  while not predicate() do
    if waited >= timeout_ms then
      error(('timed out after %d ms waiting for %s'):format(timeout_ms, what))
    end
    sleep(20)
    waited = waited + 20
  end
end

local function ghostline_client(bufnr)
  wait_until('a Ghostline client on buffer ' .. bufnr, spec.timeoutMs, function()
    local client = ghostline.clients(bufnr)[1]
    return client ~= nil and client.server_capabilities ~= nil and next(client.server_capabilities) ~= nil
  end)
  return ghostline.clients(bufnr)[1]
end

-- LSP position (UTF-16) → Neovim cursor ({1-based row, byte column}).
local function cursor_for(bufnr, position)
  local line = vim.api.nvim_buf_get_lines(bufnr, position.line, position.line + 1, true)[1]
  if vim.fn.has('nvim-0.11') == 1 then
    return { position.line + 1, vim.str_byteindex(line, 'utf-16', position.character, false) }
  end
  return { position.line + 1, vim.str_byteindex(line, position.character, true) }
end

local function client_ids()
  local ids = {}
  for _, client in ipairs(ghostline.clients()) do
    table.insert(ids, client.id)
  end
  table.sort(ids)
  return ids
end

-- Opens a file, types at its cursor marker, asks for completion, accepts the Ghostline item the way
-- nvim-cmp does (its textEdit through apply_text_edits) and writes the file.
local function complete(file)
  local step = { clientsBeforeOpen = client_ids() }
  vim.cmd('edit ' .. vim.fn.fnameescape(file.path))
  local bufnr = vim.api.nvim_get_current_buf()
  local client = ghostline_client(bufnr)
  step.clientId = client.id
  step.clientsAfterOpen = client_ids()
  step.filetype = vim.bo[bufnr].filetype
  step.capabilities = {
    completionProvider = client.server_capabilities.completionProvider ~= nil,
    inlineCompletionProvider = client.server_capabilities.inlineCompletionProvider ~= nil,
  }

  local cursor = cursor_for(bufnr, file.cursor)
  vim.api.nvim_win_set_cursor(0, cursor)
  local line = vim.api.nvim_get_current_line()
  -- Normal mode cannot put the cursor past the end of a line: append there instead.
  local enter = cursor[2] >= #line and 'A' or 'i'
  -- Typed as keys, so a newline is <CR> and goes through 'autoindent' like a user's.
  local keys = file.typed:gsub('\n', '\r')
  vim.api.nvim_feedkeys(enter .. keys, 'nt', false)
  local typed_lines = vim.split(file.typed, '\n', true)
  local final_row = cursor[1] + #typed_lines - 1
  local last = typed_lines[#typed_lines]
  wait_until('the typed text', spec.timeoutMs, function()
    local before_cursor = vim.api.nvim_get_current_line():sub(1, vim.api.nvim_win_get_cursor(0)[2])
    return vim.api.nvim_get_mode().mode == 'i'
      and vim.api.nvim_win_get_cursor(0)[1] == final_row
      and before_cursor:sub(#before_cursor - #last + 1) == last
  end)

  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  step.position = params.position
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', params, spec.timeoutMs) or {}
  local response = responses[client.id] or {}
  if response.err then
    error('textDocument/completion failed: ' .. vim.inspect(response.err))
  end
  local items = response.result and (response.result.items or response.result) or {}
  step.labels = vim.tbl_map(function(item)
    return item.label
  end, items)
  local item = items[1]
  if not item then
    error('the Ghostline server offered no completion item')
  end
  step.item = { label = item.label, detail = item.detail, newText = item.textEdit and item.textEdit.newText }
  vim.lsp.util.apply_text_edits({ item.textEdit }, bufnr, client.offset_encoding)
  vim.cmd('stopinsert')
  vim.cmd('write')
  step.text = buffer_text(bufnr)
  return step
end

local function checkhealth()
  vim.cmd('checkhealth ghostline')
  return { text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n') }
end

-- Opens a file and reports whether its Ghostline client advertises `capability`.
local function open_for(file, capability)
  vim.cmd('edit ' .. vim.fn.fnameescape(file.path))
  local bufnr = vim.api.nvim_get_current_buf()
  local client = ghostline_client(bufnr)
  return bufnr, client, { offered = client.server_capabilities[capability] ~= nil }
end

-- Picks an action the way a user would from the menu, applies it with the plugin's own
-- :GhostlineActions path (resolve, workspace edit, command) and writes the file.
local function code_action(file)
  local bufnr, _, step = open_for(file, 'codeActionProvider')
  if not step.offered then
    return step
  end
  local before = buffer_text(bufnr)
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  local row = file.actionLine + 1
  vim.api.nvim_win_set_cursor(0, { row, 0 })
  local chosen, applied
  vim.ui.select = function(actions, _, on_choice)
    step.titles = vim.tbl_map(function(action)
      return action.title
    end, actions)
    for _, pattern in ipairs(file.preferredActions) do
      for _, action in ipairs(actions) do
        if not chosen and action.title:lower():find(pattern, 1, true) then
          chosen = action
        end
      end
    end
    chosen = chosen or actions[1]
    step.chosen = chosen.title
    on_choice(chosen)
  end
  require('ghostline.actions').select({
    range = { row, row },
    done = function(action)
      applied = action
    end,
  })
  wait_until('the code action to be applied', spec.timeoutMs, function()
    return applied ~= nil and vim.api.nvim_buf_get_changedtick(bufnr) ~= tick
  end)
  vim.cmd('write')
  step.before = before
  step.text = buffer_text(bufnr)
  return step
end

local function hover(file)
  local bufnr, client, step = open_for(file, 'hoverProvider')
  if not step.offered then
    return step
  end
  vim.api.nvim_win_set_cursor(0, cursor_for(bufnr, file.hover))
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, spec.timeoutMs) or {}
  local response = responses[client.id] or {}
  if response.err then
    error('textDocument/hover failed: ' .. vim.inspect(response.err))
  end
  local contents = response.result and response.result.contents
  step.kind = type(contents) == 'table' and contents.kind or nil
  step.markdown = table.concat(vim.lsp.util.convert_input_to_markdown_lines(contents or ''), '\n')
  return step
end

local function run(name, fn, ...)
  local ok, outcome = xpcall(fn, debug.traceback, ...)
  if ok then
    results.steps[name] = outcome
  else
    results.errors[name] = outcome
  end
  save()
end

local function main()
  results.nvim = vim.version()
  results.startMethod = ghostline.start_method()
  results.clientsAtStart = #ghostline.clients()
  run('go', complete, spec.go)
  run('goSameRoot', function()
    vim.cmd('edit ' .. vim.fn.fnameescape(spec.goSecond))
    local bufnr = vim.api.nvim_get_current_buf()
    return { clientId = ghostline_client(bufnr).id, clients = client_ids() }
  end)
  run('typescript', complete, spec.typescript)
  run('python', complete, spec.python)
  run('checkhealth', checkhealth)
  -- Hover first: the action inserts lines above the hovered function.
  run('hover', hover, spec.action)
  run('codeAction', code_action, spec.action)
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local co = coroutine.create(function()
      local ok, err = xpcall(main, debug.traceback)
      if not ok then
        results.errors.main = err
      end
      results.done = true
      save()
      vim.cmd('qa!')
    end)
    vim.schedule(function()
      assert(coroutine.resume(co))
    end)
  end,
})
