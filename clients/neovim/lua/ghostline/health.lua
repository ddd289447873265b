-- :checkhealth ghostline — on Neovim 0.10+ (vim.health.start/ok/…), 0.8–0.9
-- (vim.health.report_*) and 0.7 (require('health').report_*).

local M = {}

local function reporter()
  local api = vim.health
  if api and api.start then
    return api
  end
  local legacy = api and api.report_start and api or require('health')
  return {
    start = legacy.report_start,
    ok = legacy.report_ok,
    info = legacy.report_info,
    warn = legacy.report_warn,
    error = legacy.report_error,
  }
end

-- Runs argv to completion or until timeout_ms; returns { code, stdout, stderr } or nil and a reason.
local function run(argv, timeout_ms)
  local out = { stdout = {}, stderr = {} }
  local ok, job = pcall(vim.fn.jobstart, argv, {
    stdout_buffered = true,
    stderr_buffered = true,
    on_stdout = function(_, data)
      out.stdout = data
    end,
    on_stderr = function(_, data)
      out.stderr = data
    end,
  })
  if not ok or job <= 0 then
    return nil, 'could not run ' .. table.concat(argv, ' ')
  end
  local code = vim.fn.jobwait({ job }, timeout_ms)[1]
  if code == -1 then
    vim.fn.jobstop(job)
    return nil, ('no answer within %d s'):format(timeout_ms / 1000)
  end
  return { code = code, stdout = vim.trim(table.concat(out.stdout, '\n')), stderr = vim.trim(table.concat(out.stderr, '\n')) }
end

-- The server command with `--stdio` replaced by a CLI subcommand.
local function subcommand(cmd, args)
  local argv = {}
  for _, arg in ipairs(cmd) do
    if arg ~= '--stdio' then
      table.insert(argv, arg)
    end
  end
  vim.list_extend(argv, args)
  return argv
end

local function version_string()
  local v = vim.version()
  return ('%d.%d.%d'):format(v.major, v.minor, v.patch)
end

local function check_neovim(h, ghostline)
  h.start('ghostline: Neovim')
  h.ok(('Neovim %s starts the server with %s'):format(version_string(), ghostline.start_method()))
  if ghostline.has_inline_completion() then
    h.ok('inline completions (ghost text) through vim.lsp.inline_completion')
  else
    h.info('no native inline completion before Neovim 0.12: suggestions come as completion items (nvim-cmp, blink.cmp, or <C-x><C-o>)')
  end
end

local function check_server(h, options)
  h.start('ghostline: server')
  local cmd = options.cmd
  h.info('command: ' .. table.concat(cmd, ' '))
  if vim.fn.executable(cmd[1]) ~= 1 then
    h.error(('`%s` is not executable'):format(cmd[1]), { 'Build the server (npm ci) or pass cmd = { ... } to setup()' })
    return false
  end
  local result, reason = run(subcommand(cmd, { '--version' }), 10000)
  if not result or result.code ~= 0 then
    h.error('the server does not start: ' .. (reason or result.stderr), { 'Run the command above by hand to see why' })
    return false
  end
  h.ok('server: ' .. result.stdout)
  return true
end

-- Server capabilities worth naming, in the words the README uses.
local FEATURES = {
  { 'inlineCompletionProvider', 'inline completions' },
  { 'completionProvider', 'completion items' },
  { 'codeActionProvider', 'code actions' },
  { 'hoverProvider', 'hover' },
}

local function check_clients(h, ghostline)
  h.start('ghostline: running clients')
  local clients = ghostline.clients()
  if #clients == 0 then
    h.info('no Ghostline client is running: open a ' .. table.concat(ghostline.options().filetypes, '/') .. ' file')
  end
  for _, client in ipairs(clients) do
    local caps = client.server_capabilities or {}
    local served = {}
    for _, feature in ipairs(FEATURES) do
      if caps[feature[1]] then
        table.insert(served, feature[2])
      end
    end
    local buffers = vim.tbl_keys(client.attached_buffers or {})
    h.ok(('client %d (root %s, %d buffer%s): %s'):format(
      client.id,
      client.config.root_dir or '-',
      #buffers,
      #buffers == 1 and '' or 's',
      #served > 0 and table.concat(served, ', ') or 'starting'
    ))
  end
end

-- doctor's flags and the settings they stand for: the arguments it is given, and the words its
-- advice is turned back into, since here the user edits setup({ settings = ... }), not flags.
local FLAGS = {
  { '--provider', 'model', 'provider' },
  { '--url', 'model', 'url' },
  { '--model', 'model', 'name' },
  { '--template', 'model', 'template' },
  { '--api-key-env', 'model', 'apiKeyEnv' },
  { '--action-model', 'actions', 'model' },
  { '--action-url', 'actions', 'url' },
}

--- Advice written for the command line, in the words of setup(): `--url` becomes settings.model.url.
function M.in_setup_words(text)
  for _, flag in ipairs(FLAGS) do
    local setting = ('settings.%s.%s'):format(flag[2], flag[3])
    text = text:gsub(vim.pesc(flag[1]) .. '%f[^%w-]', setting)
  end
  return text
end

-- `ghostline doctor` with the settings passed to setup(): the same checks as the README's.
local function check_model(h, options)
  h.start('ghostline: model (ghostline doctor)')
  local args = { 'doctor' }
  for _, flag in ipairs(FLAGS) do
    local value = (options.settings[flag[2]] or {})[flag[3]]
    if type(value) == 'string' and value ~= '' then
      vim.list_extend(args, { flag[1], value })
    end
  end
  local result, reason = run(subcommand(options.cmd, args), 30000)
  if not result then
    h.warn('ghostline doctor: ' .. reason)
    return
  end
  for _, line in ipairs(vim.split(result.stdout, '\n')) do
    -- Rows read `ok    model server  http://…`: status, a name (may hold one space), the detail.
    local status, name, detail = line:match('^(%S+)%s+(.-)%s%s+(.*)$')
    detail = detail and M.in_setup_words(detail)
    if status == 'ok' then
      h.ok(name .. ': ' .. detail)
    elseif status == 'warn' then
      h.warn(name .. ': ' .. detail)
    elseif status == 'FAIL' then
      h.error(name .. ': ' .. detail)
    elseif line ~= '' then
      h.info(line)
    end
  end
  if result.code ~= 0 and result.stdout == '' then
    h.error('ghostline doctor failed: ' .. M.in_setup_words(result.stderr:gsub('ghostline: see `ghostline %-%-help`', '')))
  end
end

function M.check()
  local h = reporter()
  local ghostline = require('ghostline')
  check_neovim(h, ghostline)
  local options = ghostline.options()
  if not options then
    h.start('ghostline: setup')
    h.warn("require('ghostline').setup() has not been called", { "Add require('ghostline').setup({}) to your init.lua" })
    return
  end
  if check_server(h, options) then
    check_clients(h, ghostline)
    check_model(h, options)
  end
end

return M
