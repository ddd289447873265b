-- Neovim's built-in menu (<C-x><C-o>, vim.lsp.omnifunc) accepting a multi-line Ghostline item, typed
-- as keys. Run by test/e2e/neovim-menu.test.ts with PLUGIN, FILE, ROW (1-based), FAKE, SERVER, OUT.
local out = io.open(os.getenv('OUT'), 'w')
local function log(key, value) out:write(vim.json.encode({ key = key, value = value }) .. '\n') out:flush() end

-- Sleeps by yielding to a timer, so the main loop (typeahead, LSP replies) runs in between.
local function sleep(ms)
  local co = coroutine.running()
  vim.defer_fn(function() assert(coroutine.resume(co)) end, ms)
  coroutine.yield()
end
local function wait_until(what, predicate)
  for _ = 1, 1000 do
    if predicate() then return end
    sleep(20)
  end
  error('timed out waiting for ' .. what .. '; line: ' .. vim.inspect(vim.api.nvim_get_current_line()) .. ' mode: ' .. vim.api.nvim_get_mode().mode)
end
local function keys(text) vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(text, true, false, true), 'nt', false) end

vim.opt.runtimepath:prepend(os.getenv('PLUGIN'))
vim.opt.swapfile = false
require('ghostline').setup({
  cmd = { 'node', os.getenv('SERVER'), '--stdio' },
  settings = { model = { url = os.getenv('FAKE') }, completion = { debounceMs = 0 } },
})

coroutine.wrap(function()
  local ok, err = pcall(function()
    vim.cmd('edit ' .. os.getenv('FILE'))
    wait_until('the Ghostline client', function()
      local client = require('ghostline').clients(0)[1]
      return client ~= nil and client.initialized
    end)
    -- Accepted: the first suggestion, taken from the menu.
    vim.api.nvim_win_set_cursor(0, { tonumber(os.getenv('ROW')), 0 })
    keys('A<C-x><C-o>')
    -- With the default 'completeopt' a sole match is inserted at once, without a menu.
    wait_until('the suggestion', function() return vim.api.nvim_get_current_line():find('sum', 1, true) ~= nil end)
    if vim.fn.pumvisible() == 1 then keys('<C-y>') end
    keys('<Esc>')
    wait_until('normal mode', function() return vim.api.nvim_get_mode().mode == 'n' end)
    -- Ignored: the second one is shown, then dismissed with <C-e>.
    sleep(500)
    local count_row = vim.fn.search('^export function count', 'n') + 1
    vim.api.nvim_win_set_cursor(0, { count_row, 0 })
    keys('A<C-x><C-o>')
    wait_until('the second suggestion', function() return vim.api.nvim_get_current_line():find('length', 1, true) ~= nil end)
    keys('<C-e><Esc>')
    wait_until('normal mode', function() return vim.api.nvim_get_mode().mode == 'n' end)
    -- The accept command travels to the server asynchronously.
    sleep(500)
    log('lines', vim.api.nvim_buf_get_lines(0, 0, -1, false))
  end)
  if not ok then log('error', tostring(err)) end
  out:close()
  vim.cmd('qa!')
end)()
