-- A Neovim session driving `qmslint lsp` through Neovim's own LSP client,
-- written against the API of Neovim 0.7 (Debian bookworm's): start_client
-- and buf_attach_client rather than vim.lsp.start (0.8), so it runs on
-- every Neovim since. Run by nvim_test.go:
--   nvim --headless --clean -c 'luafile session.lua'
-- with QMSLINT_BIN, QMSLINT_ROOT (a copy of qms/) and QMSLINT_RESULTS
-- (where each step writes "ok <step>" or "FAIL <step>: <why>") set.
local bin = os.getenv('QMSLINT_BIN')
local root = os.getenv('QMSLINT_ROOT')
local results = assert(io.open(os.getenv('QMSLINT_RESULTS'), 'w'))
local timeout = 60000
vim.o.hidden = true

local function step(name, fn)
  local ok, err = pcall(fn)
  if ok then
    results:write('ok ' .. name .. '\n')
  else
    results:write('FAIL ' .. name .. ': ' .. tostring(err):gsub('\n', ' ') .. '\n')
  end
  results:flush()
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function has_code(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if code_of(d) == code then
      return true
    end
  end
  return false
end

-- find returns the 1-based row and 0-based byte column of text in bufnr.
local function find(bufnr, text)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = line:find(text, 1, true)
    if col then
      return i, col - 1
    end
  end
  error('not in the buffer: ' .. text)
end

-- request sends method at the position of text (plus offset bytes) and
-- returns qmslint's result.
local function request(bufnr, method, text, offset, client_id)
  local row, col = find(bufnr, text)
  vim.api.nvim_win_set_cursor(0, { row, col + (offset or 0) })
  local params = vim.lsp.util.make_position_params(0, 'utf-16')
  local answers = vim.lsp.buf_request_sync(bufnr, method, params, timeout)
  assert(answers and answers[client_id], method .. ': no answer')
  assert(not answers[client_id].err, method .. ': ' .. vim.inspect(answers[client_id].err))
  return answers[client_id].result
end

local file = root .. '/procedures/SOP-010-backup-and-restore.md'
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({ name = 'qmslint', cmd = { bin, 'lsp' }, root_dir = root })

step('attach', function()
  assert(client_id, 'the client did not start')
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'buf_attach_client failed')
  assert(vim.wait(timeout, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c and c.initialized
  end, 50), 'the server did not initialize')
end)

step('diagnostic', function()
  -- The seeded defect, in the buffer only: the Scope heading renamed.
  local row = find(bufnr, '## 2. Scope')
  vim.api.nvim_buf_set_lines(bufnr, row - 1, row, false, { '## 2. Extent' })
  assert(vim.wait(timeout, function()
    return has_code(bufnr, 'doc.required-section-missing')
  end, 50), 'no doc.required-section-missing diagnostic; got ' .. vim.inspect(vim.diagnostic.get(bufnr)))
end)

step('hover', function()
  local result = request(bufnr, 'textDocument/hover', 'ISO27001:A.8.13', 3, client_id)
  local value = result and result.contents and result.contents.value or ''
  assert(value:find('Information backup', 1, true), 'hover: ' .. vim.inspect(result))
end)

step('completion', function()
  -- "PLN-0" typed so far: PLN-002 is offered.
  local result = request(bufnr, 'textDocument/completion', 'PLN-002', 5, client_id)
  local items = result and (result.items or result) or {}
  local labels = {}
  for _, it in ipairs(items) do
    labels[it.label] = true
  end
  assert(labels['PLN-002'], 'completion: ' .. vim.inspect(vim.tbl_keys(labels)))
end)

step('definition', function()
  local result = request(bufnr, 'textDocument/definition', 'WI-001', 1, client_id)
  assert(result, 'definition: no location')
  local loc = result.uri and result or result[1]
  vim.lsp.util.jump_to_location(loc, 'utf-16')
  local name = vim.api.nvim_buf_get_name(0)
  assert(name:match('work%-instructions/WI%-001%-weekly%-restore%-test%.md$'), 'went to ' .. name)
  vim.api.nvim_win_set_buf(0, bufnr)
end)

step('code action', function()
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 0 } },
    context = { diagnostics = {} },
  }
  local answers = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, timeout)
  local actions = answers and answers[client_id] and answers[client_id].result or {}
  local fix
  for _, a in ipairs(actions) do
    if a.title == 'Add a "Scope" section' then
      fix = a
    end
  end
  assert(fix, 'code actions: ' .. vim.inspect(actions))
  vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
  find(bufnr, '## Scope')
  assert(vim.wait(timeout, function()
    return not has_code(bufnr, 'doc.required-section-missing')
  end, 50), 'the diagnostic stayed after the fix')
end)

vim.lsp.stop_client(client_id)
vim.wait(5000, function()
  return vim.lsp.get_client_by_id(client_id) == nil
end, 50)
results:write('done\n')
results:close()
vim.cmd('qa!')
