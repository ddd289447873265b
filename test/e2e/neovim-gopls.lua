-- gopls and Ghostline side by side in a real Neovim: gopls reports a real compile error, Ghostline's
-- quick fix for it is listed, resolved and applied, and the file is written.
-- Run by test/e2e/neovim-gopls.test.ts with WS (a Go module), FAKE (model server URL), SERVER, OUT.
local out = io.open(os.getenv('OUT'), 'w')
local function log(key, value) out:write(vim.json.encode({ key = key, value = value }) .. '\n') out:flush() end
local ok, err = pcall(function()
  local ws = os.getenv('WS')
  vim.cmd('edit ' .. ws .. '/cart.go')
  local gopls = vim.lsp.start_client({ name = 'gopls', cmd = { 'gopls' }, root_dir = ws })
  local ghostline = vim.lsp.start_client({ name = 'ghostline', cmd = { 'node', os.getenv('SERVER'), '--stdio' }, root_dir = ws,
    init_options = { model = { url = os.getenv('FAKE') }, actions = { model = 'qwen2.5-coder:7b-instruct' } } })
  vim.lsp.buf_attach_client(0, gopls)
  vim.lsp.buf_attach_client(0, ghostline)
  vim.wait(20000, function() local c = vim.lsp.get_client_by_id(ghostline); return c ~= nil and c.initialized end, 50)
  -- gopls type-checks the package after it loads it: wait for its diagnostics.
  local found = vim.wait(60000, function() return #vim.diagnostic.get(0) > 0 end, 100)
  if not found then error('gopls reported no diagnostic') end
  local d = vim.diagnostic.get(0)[1]
  log('diagnostic', { message = d.message, source = d.source, line = d.lnum })
  -- As the plugin's :GhostlineActions sends it (0.7 keeps only extra fields in user_data.lsp).
  local lsp = vim.tbl_extend('force', {
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum or d.lnum, character = d.end_col or d.col } },
    severity = d.severity, message = d.message, source = d.source, code = d.code,
  }, d.user_data and d.user_data.lsp or {})
  vim.fn.cursor(d.lnum + 1, d.col + 1)
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = { lsp } }
  local client = vim.lsp.get_client_by_id(ghostline)
  local response = client.request_sync('textDocument/codeAction', params, 20000, 0)
  if not response or response.err then error('textDocument/codeAction failed: ' .. vim.inspect(response)) end
  local titles, chosen = {}, nil
  for _, action in ipairs((response and response.result) or {}) do
    table.insert(titles, action.title)
    if action.title:find('^Ghostline: Fix') then chosen = action end
  end
  log('titles', titles)
  if not chosen then error('no Ghostline fix among the actions') end
  local resolved = client.request_sync('codeAction/resolve', chosen, 20000, 0)
  if not resolved or resolved.err then error('resolve failed: ' .. vim.inspect(resolved)) end
  vim.lsp.util.apply_workspace_edit(resolved.result.edit, 'utf-16')
  vim.cmd('write')
  log('buffer', table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n'))
end)
if not ok then log('error', tostring(err)) end
out:close()
vim.cmd('qa!')
