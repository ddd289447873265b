-- User commands only; each loads the plugin when first used. Nothing starts until setup().
if vim.g.loaded_ghostline then
  return
end
vim.g.loaded_ghostline = true

vim.api.nvim_create_user_command('GhostlineActions', function(args)
  require('ghostline.actions').select({ range = args.range > 0 and { args.line1, args.line2 } or nil })
end, { range = true, desc = "Ghostline's code actions for the cursor or the selected lines" })

vim.api.nvim_create_user_command('GhostlineInfo', function()
  vim.cmd('checkhealth ghostline')
end, { desc = 'Show the Ghostline server, its clients and the model check' })

vim.api.nvim_create_user_command('GhostlineRestart', function()
  local ghostline = require('ghostline')
  ghostline.stop()
  vim.defer_fn(function()
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(bufnr) then
        ghostline.attach(bufnr)
      end
    end
  end, 500)
end, { desc = 'Stop the Ghostline servers and start them again for the open buffers' })

vim.api.nvim_create_user_command('GhostlineTask', function(args)
  require('ghostline.task').run(args.args)
end, { nargs = '+', desc = 'A task in words to a verified patch: shows the diff, applies it after you confirm' })

vim.api.nvim_create_user_command('GhostlineAsk', function(args)
  require('ghostline.ask').ask(args.args, args.range > 0 and { args.line1, args.line2 } or nil)
end, { nargs = '+', range = true, desc = 'Ask Ghostline about the workspace (with the selected lines); the answer opens in a scratch buffer' })
