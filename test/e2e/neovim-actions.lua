-- Drives Ghostline from a real Neovim: code actions, resolve, applying the edit, hover.
-- Run by test/e2e/neovim-actions.test.ts with WS (a workspace), FAKE (model server URL), SERVER, OUT.
local out = io.open(os.getenv('OUT'), 'w')
local function log(key, value) out:write(vim.json.encode({ key = key, value = value }) .. '\n') out:flush() end
local ok, err = pcall(function()
  vim.cmd('edit ' .. os.getenv('WS') .. '/cart.go')
  local id = vim.lsp.start_client({ name = 'ghostline', cmd = { 'node', os.getenv('SERVER'), '--stdio' }, root_dir = os.getenv('WS'),
    init_options = { model = { url = os.getenv('FAKE') }, actions = { model = 'qwen2.5-coder:7b-instruct' } } })
  vim.lsp.buf_attach_client(0, id)
  vim.wait(10000, function() local c = vim.lsp.get_client_by_id(id); return c ~= nil and c.initialized end)
  local client = vim.lsp.get_client_by_id(id)
  vim.fn.cursor(3, 8)
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = {} }
  local titles, chosen = {}, nil
  for _, response in pairs(vim.lsp.buf_request_sync(0, 'textDocument/codeAction', params, 10000) or {}) do
    for _, action in ipairs(response.result or {}) do
      table.insert(titles, action.title)
      if action.title:find('^Ghostline: Document') then chosen = action end
    end
  end
  log('titles', titles)
  local resolved = client.request_sync('codeAction/resolve', chosen, 10000, 0)
  vim.lsp.util.apply_workspace_edit(resolved.result.edit, 'utf-16')
  log('buffer', table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n'))
  vim.fn.cursor(4, 7)
  for _, response in pairs(vim.lsp.buf_request_sync(0, 'textDocument/hover', vim.lsp.util.make_position_params(), 10000) or {}) do
    log('hover', response.result and response.result.contents.value)
  end
end)
if not ok then log('error', tostring(err)) end
out:close()
vim.cmd('qa!')
