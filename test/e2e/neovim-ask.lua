-- Drives :GhostlineAsk's Lua side from a real Neovim: streamed scratch buffer and quickfix list.
-- Run by test/e2e/neovim-ask.test.ts with WS (the workspace), FAKE (model server URL), SERVER, RTP, OUT.
local out = io.open(os.getenv('OUT'), 'w')
local function log(key, value) out:write(vim.json.encode({ key = key, value = value }) .. '\n') out:flush() end
local ok, err = pcall(function()
  vim.opt.runtimepath:append(os.getenv('RTP'))
  vim.cmd('runtime plugin/ghostline.lua')
  vim.cmd('edit ' .. os.getenv('WS') .. '/cmd/shop/main.go')
  local source = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({ name = 'ghostline', cmd = { 'node', os.getenv('SERVER'), '--stdio' }, root_dir = os.getenv('WS'),
    init_options = { model = { url = os.getenv('FAKE') } } })
  vim.lsp.buf_attach_client(0, id)
  vim.wait(10000, function() local c = vim.lsp.get_client_by_id(id); return c ~= nil and c.initialized end)
  vim.api.nvim_set_current_buf(source)
  vim.cmd('10,12GhostlineAsk What does this print?')
  local scratch = vim.api.nvim_get_current_buf()
  log('filetype', vim.bo[scratch].filetype)
  vim.wait(15000, function() return #vim.fn.getqflist() > 0 end, 50)
  log('buffer', table.concat(vim.api.nvim_buf_get_lines(scratch, 0, -1, false), '\n'))
  local items = {}
  for _, item in ipairs(vim.fn.getqflist()) do
    table.insert(items, { file = vim.fn.fnamemodify(vim.fn.bufname(item.bufnr), ':.'), lnum = item.lnum, text = item.text })
  end
  log('quickfix', items)
end)
if not ok then log('error', tostring(err)) end
out:close()
vim.cmd('qa!')
