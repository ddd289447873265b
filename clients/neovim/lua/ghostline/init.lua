-- Ghostline for Neovim 0.7 and later: starts the Ghostline language server for Go, TypeScript and
-- JavaScript buffers. Requiring this module does nothing; setup() registers the lazy start.

local M = {}

local NAME = 'ghostline'

local defaults = {
  -- How to run the server; nil means this checkout's compiled server, else `ghostline` on PATH.
  cmd = nil,
  -- The `ghostline` settings section (see the README's configuration table).
  settings = {},
  filetypes = { 'go', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python' },
  -- Files that mark a project root; one server runs per root.
  root_markers = { 'go.mod', 'package.json', 'tsconfig.json', 'jsconfig.json', 'pyproject.toml', 'setup.cfg', 'requirements.txt', '.git' },
  -- Neovim >= 0.12 only: ghost text from textDocument/inlineCompletion.
  inline = { enabled = true, accept_key = '<Tab>' },
  -- Extra client capabilities (for example cmp_nvim_lsp's); nil keeps Neovim's own.
  capabilities = nil,
  on_attach = nil,
}

local options = nil
-- Neovim 0.7 has no vim.lsp.start to reuse clients, so they are kept here by root directory.
local clients_by_root = {}
local warned = {}

local function warn_once(key, message)
  if warned[key] then
    return
  end
  warned[key] = true
  vim.notify('ghostline: ' .. message, vim.log.levels.WARN)
end

--- How this Neovim starts language servers, newest mechanism first.
function M.start_method()
  if vim.lsp.config ~= nil and vim.lsp.enable ~= nil then
    return 'vim.lsp.enable'
  elseif vim.lsp.start ~= nil then
    return 'vim.lsp.start'
  end
  return 'vim.lsp.start_client'
end

--- True when this Neovim shows inline completions (ghost text) natively (0.12 and later).
function M.has_inline_completion()
  return vim.lsp.inline_completion ~= nil and vim.lsp.inline_completion.enable ~= nil
end

--- The server command used when setup() is given none.
function M.default_cmd()
  -- This file is <repo>/clients/neovim/lua/ghostline/init.lua: use that checkout's compiled server.
  local here = debug.getinfo(1, 'S').source:sub(2)
  local main = vim.fn.fnamemodify(here, ':p:h:h:h:h:h') .. '/dist/server/cli/main.js'
  if vim.fn.filereadable(main) == 1 and vim.fn.executable('node') == 1 then
    return { 'node', main, '--stdio' }
  end
  return { NAME, '--stdio' }
end

-- Lua's empty table is encoded as a JSON array; the server wants objects, so empty tables go.
local function json_object(value)
  if type(value) ~= 'table' then
    return value
  end
  local out = {}
  for key, item in pairs(value) do
    local cleaned = json_object(item)
    if not (type(cleaned) == 'table' and next(cleaned) == nil) then
      out[key] = cleaned
    end
  end
  return out
end

local function or_empty_object(value)
  return next(value) == nil and vim.empty_dict() or value
end

local function buffer_path(bufnr)
  return vim.api.nvim_buf_get_name(bufnr)
end

--- The nearest ancestor of the buffer's file holding a root marker, else the file's directory.
function M.root_dir(bufnr)
  local path = buffer_path(bufnr)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  local markers = (options or defaults).root_markers
  local current = dir
  while true do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(current .. '/' .. marker) then
        return current
      end
    end
    local parent = vim.fn.fnamemodify(current, ':h')
    if parent == current then
      return dir
    end
    current = parent
  end
end

local function enable_inline(client, bufnr)
  local inline = options.inline
  if not inline.enabled or not M.has_inline_completion() or not client.server_capabilities.inlineCompletionProvider then
    return
  end
  vim.lsp.inline_completion.enable(true, { bufnr = bufnr })
  if inline.accept_key then
    -- get() accepts the suggestion shown and returns false when there is none: then the key types itself.
    vim.keymap.set('i', inline.accept_key, function()
      if not vim.lsp.inline_completion.get() then
        return inline.accept_key
      end
    end, { buffer = bufnr, expr = true, replace_keycodes = true, desc = 'Ghostline: accept the suggestion' })
  end
end

--- 'omnifunc' for <C-x><C-o>: Ghostline's suggestion in Vim's own menu. Vim inserts a word as one
--- line (newlines become NULs, and Neovim 0.7 then sends the server a copy that differs from the
--- buffer), so the menu gets the first line and the rest is added when the item is accepted.
function M.omnifunc(findstart, base)
  if findstart == 1 then
    local before = vim.api.nvim_get_current_line():sub(1, vim.api.nvim_win_get_cursor(0)[2])
    return vim.fn.match(before, '\\k*$')
  end
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.clients(bufnr)[1]
  if not client then
    return {}
  end
  local start_col = vim.fn.col('.') - #base
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  M.call(client, 'request', 'textDocument/completion', params, function(err, result)
    if err or not result or vim.api.nvim_get_mode().mode:sub(1, 1) ~= 'i' then
      return
    end
    local matches = {}
    for _, item in ipairs(result.items or result) do
      local text = (item.textEdit and item.textEdit.newText) or item.insertText or item.label
      local first, rest = text:match('^([^\n]*)\n(.*)$')
      table.insert(matches, {
        word = first or text,
        abbr = item.label,
        menu = '[ghostline]',
        info = text,
        icase = 1,
        dup = 1,
        empty = 1,
        user_data = { ghostline = { rest = rest or vim.NIL, command = item.command or vim.NIL } },
      })
    end
    vim.fn.complete(start_col, matches)
  end, bufnr)
  return {}
end

-- After an item from M.omnifunc is accepted: the lines after its first, then the accept command
-- (local statistics). Scheduled: editing the buffer inside CompleteDone leaves stray characters on 0.7.
local function on_complete_done(client, bufnr)
  local completed = vim.v.completed_item
  local data = type(completed) == 'table' and type(completed.user_data) == 'table' and completed.user_data.ghostline
  if type(data) ~= 'table' then
    return
  end
  local row, col = unpack(vim.api.nvim_win_get_cursor(0))
  vim.schedule(function()
    if type(data.rest) == 'string' then
      local lines = vim.split(data.rest, '\n', true)
      table.insert(lines, 1, '')
      vim.api.nvim_buf_set_text(bufnr, row - 1, col, row - 1, col, lines)
      vim.api.nvim_win_set_cursor(0, { row + #lines - 1, #lines[#lines] })
    end
    local command = data.command
    if type(command) == 'table' and command.command then
      M.call(client, 'request', 'workspace/executeCommand', { command = command.command, arguments = command.arguments }, function() end, bufnr)
    end
  end)
end

local function on_attach(client, bufnr)
  enable_inline(client, bufnr)
  -- Neovim < 0.10 sets no omnifunc: make <C-x><C-o> show Ghostline's suggestion.
  if client.server_capabilities.completionProvider and vim.bo[bufnr].omnifunc == '' then
    vim.bo[bufnr].omnifunc = "v:lua.require'ghostline'.omnifunc"
  end
  if client.server_capabilities.completionProvider then
    vim.api.nvim_create_autocmd('CompleteDone', {
      group = vim.api.nvim_create_augroup('ghostline_menu_' .. bufnr, { clear = true }),
      buffer = bufnr,
      desc = 'Ghostline: the rest of a multi-line suggestion and its accept command, from the built-in menu',
      callback = function()
        on_complete_done(client, bufnr)
      end,
    })
  end
  if options.on_attach then
    options.on_attach(client, bufnr)
  end
end

--- The client configuration shared by every start mechanism.
function M.client_config()
  local settings = json_object(vim.deepcopy(options.settings))
  return {
    name = NAME,
    cmd = options.cmd,
    -- Both: initializationOptions for clients that never answer workspace/configuration, and the
    -- `ghostline` section for workspace/configuration, which the server reads after startup.
    init_options = or_empty_object(settings),
    settings = { [NAME] = or_empty_object(vim.deepcopy(settings)) },
    capabilities = options.capabilities,
    on_attach = on_attach,
  }
end

local function startable()
  if vim.fn.executable(options.cmd[1]) == 1 then
    return true
  end
  warn_once('cmd', ('`%s` is not executable: pass cmd to setup() (see :checkhealth ghostline)'):format(options.cmd[1]))
  return false
end

local function wanted(bufnr)
  return vim.api.nvim_buf_is_valid(bufnr)
    and vim.bo[bufnr].buftype == ''
    and buffer_path(bufnr) ~= ''
    and vim.tbl_contains(options.filetypes, vim.bo[bufnr].filetype)
end

-- Neovim 0.7: one client per root, started on first use and attached to each buffer of that root.
local function attach_legacy(bufnr)
  local root = M.root_dir(bufnr)
  local id = clients_by_root[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or M.call(client, 'is_stopped') then
    local config = M.client_config()
    config.root_dir = root
    local ok, started = pcall(vim.lsp.start_client, config)
    if not ok or not started then
      warn_once('start', 'could not start the server: ' .. tostring(started))
      return
    end
    id = started
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

--- Starts (or reuses) the server for one buffer; what the FileType autocmd calls.
function M.attach(bufnr)
  if not options or not wanted(bufnr) or not startable() then
    return
  end
  if vim.lsp.start ~= nil then
    local config = M.client_config()
    config.root_dir = M.root_dir(bufnr)
    -- vim.lsp.start reuses the client with the same name and root.
    vim.api.nvim_buf_call(bufnr, function()
      vim.lsp.start(config, { bufnr = bufnr })
    end)
  else
    attach_legacy(bufnr)
  end
end

local function validate(opts)
  if type(opts) ~= 'table' then
    error('ghostline.setup: expected a table, got ' .. type(opts))
  end
  for key, kind in pairs({ cmd = 'table', settings = 'table', filetypes = 'table', root_markers = 'table', inline = 'table', on_attach = 'function' }) do
    if opts[key] ~= nil and type(opts[key]) ~= kind then
      error(('ghostline.setup: %s must be a %s, got %s'):format(key, kind, type(opts[key])))
    end
  end
end

--- Registers the lazy start: nothing runs until a buffer of one of `filetypes` is opened.
function M.setup(opts)
  opts = opts or {}
  validate(opts)
  options = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts)
  -- Lists replace, never merge with, the defaults.
  options.cmd = opts.cmd or M.default_cmd()
  options.filetypes = opts.filetypes or defaults.filetypes
  options.root_markers = opts.root_markers or defaults.root_markers

  if M.start_method() == 'vim.lsp.enable' then
    local config = M.client_config()
    config.filetypes = options.filetypes
    config.root_markers = options.root_markers
    vim.lsp.config(NAME, config)
    vim.lsp.enable(NAME)
    return
  end

  local group = vim.api.nvim_create_augroup('ghostline', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = options.filetypes,
    desc = 'Start or reuse the Ghostline language server',
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- setup() may run after files were opened (lazy-loading plugin managers): attach those too.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) then
      M.attach(bufnr)
    end
  end
end

--- The options in force, or nil before setup().
function M.options()
  return options
end

--- Running Ghostline clients, optionally only those attached to `bufnr`.
function M.clients(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  local found = {}
  for _, client in ipairs(get()) do
    if client.name == NAME and (bufnr == nil or vim.lsp.buf_is_attached(bufnr, client.id)) then
      table.insert(found, client)
    end
  end
  return found
end

--- Calls a client method: functions taking the client itself (`client:request()`) from 0.11 on,
--- closures over it (`client.request()`) before.
function M.call(client, method, ...)
  if vim.fn.has('nvim-0.11') == 1 then
    return client[method](client, ...)
  end
  return client[method](...)
end

--- Stops every Ghostline client; the next FileType event starts new ones.
function M.stop()
  for _, client in ipairs(M.clients()) do
    M.call(client, 'stop')
  end
  clients_by_root = {}
end

return M
