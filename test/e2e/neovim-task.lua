-- Drives :GhostlineTask's Lua entry from a real Neovim (Debian 0.7): the preview, the confirmation,
-- the applied edit. Run by test/e2e/neovim-task.test.ts with WS, FAKE, SERVER, PLUGIN, TASK and OUT.
local out = io.open(os.getenv('OUT'), 'w')
local function log(key, value) out:write(vim.json.encode({ key = key, value = value }) .. '\n') out:flush() end
local ok, err = pcall(function()
  vim.opt.runtimepath:append(os.getenv('PLUGIN'))
  vim.cmd('runtime plugin/ghostline.lua')
  vim.cmd('filetype on')
  require('ghostline').setup({
    cmd = { 'node', os.getenv('SERVER'), '--stdio' },
    settings = { model = { url = os.getenv('FAKE') }, actions = { model = 'qwen2.5-coder:7b-instruct' } },
  })
  vim.cmd('edit ' .. os.getenv('WS') .. '/server.go')
  vim.wait(15000, function() local c = require('ghostline').clients(0)[1]; return c ~= nil and c.initialized end)
  log('attached', require('ghostline').clients(0)[1] ~= nil)
  log('command', vim.fn.exists(':GhostlineTask'))
  local finished, prompt = false, nil
  require('ghostline.task').run(os.getenv('TASK'), {
    keep_preview = true,
    confirm = function(text)
      prompt = text
      log('preview', table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n'))
      return true
    end,
    done = function(result, applied)
      log('result', { verified = result and result.verified, applied = applied })
      finished = true
    end,
  })
  vim.wait(150000, function() return finished end, 100)
  log('prompt', prompt)
  -- Files left unsaved (the scratch preview has no name and is not a file).
  local unsaved = {}
  for _, info in ipairs(vim.fn.getbufinfo({ bufmodified = 1 })) do
    if info.name ~= '' then table.insert(unsaved, info.name) end
  end
  log('unsaved', unsaved)
end)
if not ok then log('error', tostring(err)) end
out:close()
vim.cmd('qa!')
