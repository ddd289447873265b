-- The plugin's paths for Neovim versions newer than the one installed, run in that Neovim with
-- the newer API stubbed to record what the plugin asks of it. One scenario per run
-- (_G.GHOSTLINE_BRANCH = { scenario, result, project, cmd }); results go to JSON and Neovim quits.

local spec = _G.GHOSTLINE_BRANCH
local record = {}

local function save()
  vim.fn.writefile({ vim.fn.json_encode(record) }, spec.result)
end

local function settings()
  return { model = { name = 'stub-model', url = 'http://127.0.0.1:9' }, completion = {} }
end

local scenarios = {}

-- 0.11: vim.lsp.config + vim.lsp.enable, which start the server themselves on FileType.
function scenarios.config_enable()
  vim.lsp.config = setmetatable({}, {
    __call = function(_, name, config)
      record.configured = {
        name = name,
        cmd = config.cmd,
        filetypes = config.filetypes,
        root_markers = config.root_markers,
        init_options = config.init_options,
        settings = config.settings,
        on_attach = type(config.on_attach),
      }
    end,
  })
  vim.lsp.enable = function(name)
    record.enabled = name
  end
  local ghostline = require('ghostline')
  record.method = ghostline.start_method()
  ghostline.setup({ cmd = spec.cmd, settings = settings() })
  -- vim.lsp.enable owns the FileType hook: the plugin must not add its own.
  record.own_autocmds = pcall(vim.api.nvim_get_autocmds, { group = 'ghostline' })
end

-- 0.8–0.10: vim.lsp.start from the plugin's FileType autocmd, with the project root.
function scenarios.start()
  record.starts = {}
  vim.lsp.start = function(config, opts)
    table.insert(record.starts, {
      name = config.name,
      root_dir = config.root_dir,
      buffer = vim.api.nvim_get_current_buf(),
      opts_bufnr = opts and opts.bufnr,
    })
    return 1
  end
  local ghostline = require('ghostline')
  record.method = ghostline.start_method()
  ghostline.setup({ cmd = spec.cmd, settings = settings() })
  vim.cmd('edit ' .. vim.fn.fnameescape(spec.project .. '/main.go'))
  record.buffer = vim.api.nvim_get_current_buf()
  vim.cmd('edit ' .. vim.fn.fnameescape(spec.project .. '/notes.txt'))
end

-- 0.12: inline completion enabled on attach, <Tab> accepts or types itself.
function scenarios.inline()
  local accept = false
  record.enabled = {}
  record.accepted = 0
  vim.lsp.inline_completion = {
    enable = function(on, filter)
      table.insert(record.enabled, { on = on, bufnr = filter and filter.bufnr })
    end,
    get = function()
      if accept then
        record.accepted = record.accepted + 1
      end
      return accept
    end,
  }
  local ghostline = require('ghostline')
  ghostline.setup({ cmd = spec.cmd, settings = settings() })
  record.inline = ghostline.has_inline_completion()
  local bufnr = vim.api.nvim_get_current_buf()
  ghostline.client_config().on_attach({ server_capabilities = { inlineCompletionProvider = true } }, bufnr)
  record.bufnr = bufnr
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('ia<Tab>b<Esc>', true, false, true), 'xt', false)
  record.without_suggestion = vim.api.nvim_get_current_line()
  accept = true
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('A<Tab><Esc>', true, false, true), 'xt', false)
  record.with_suggestion = vim.api.nvim_get_current_line()
end

-- :checkhealth on the 0.10+ (vim.health.start) and 0.8–0.9 (vim.health.report_start) APIs.
function scenarios.health()
  local function recorder(names)
    local calls = {}
    local api = {}
    for _, name in ipairs(names) do
      api[name] = function(message)
        table.insert(calls, name .. ': ' .. message)
      end
    end
    return api, calls
  end
  require('ghostline').setup({ cmd = spec.cmd, settings = settings() })
  local modern, modern_calls = recorder({ 'start', 'ok', 'info', 'warn', 'error' })
  vim.health = modern
  require('ghostline.health').check()
  local legacy, legacy_calls = recorder({ 'report_start', 'report_ok', 'report_info', 'report_warn', 'report_error' })
  vim.health = legacy
  require('ghostline.health').check()
  record.modern = modern_calls
  record.legacy = legacy_calls
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  -- Scheduled: autocommands (FileType) do not fire inside another autocommand's callback.
  callback = vim.schedule_wrap(function()
    local ok, err = xpcall(scenarios[spec.scenario], debug.traceback)
    if not ok then
      record.error = err
    end
    save()
    vim.cmd('qa!')
  end),
})
