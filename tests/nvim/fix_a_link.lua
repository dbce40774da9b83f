-- Neovim 0.7 (headless) drives `frontlint lsp` with its built-in client: opens a
-- page, waits for its diagnostics, prints them, asks for the code actions at the
-- broken link, applies the preferred one (else the first) and prints the line and the diagnostics
-- after it. Every step is printed (the test reads the transcript); a step that
-- fails exits non-zero. Paths come from the environment (see tests/lsp.rs).
local frontlint, root, page = os.getenv("FRONTLINT"), os.getenv("SITE"), os.getenv("PAGE")
local function say(s) io.stdout:write(s .. "\n") end
local function fail(s) say("FAIL " .. s); vim.cmd("cquit 1") end

local client_id = vim.lsp.start_client({ name = "frontlint", cmd = { frontlint, "lsp" }, root_dir = root })
if not client_id then fail("the client did not start") end
vim.cmd("edit " .. page)
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, client_id)
say("opened " .. vim.fn.fnamemodify(page, ":t"))

local function errors() return vim.diagnostic.get(buf, { severity = vim.diagnostic.severity.ERROR }) end
local function show(ds)
  table.sort(ds, function(a, b) return a.lnum < b.lnum end)
  for _, d in ipairs(ds) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
    say(string.format("  %d:%d %s %s", d.lnum + 1, d.col + 1, code, (d.message:gsub("\n.*", ""))))
  end
end
if not vim.wait(60000, function() return #errors() > 0 end, 20) then fail("no error diagnostics") end
say("diagnostics:")
show(vim.diagnostic.get(buf))

local d = errors()[1]
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = { start = { line = d.lnum, character = d.col }, ["end"] = { line = d.end_lnum, character = d.end_col } },
  context = { diagnostics = {} },
}
local answers = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 60000) or {}
local chosen
for _, answer in pairs(answers) do
  for _, action in ipairs(answer.result or {}) do
    say(string.format("code action: %s%s", action.title, action.isPreferred and " (preferred)" or ""))
    if not chosen or (action.isPreferred and not chosen.isPreferred) then chosen = action end
  end
end
if not chosen then fail("no code action") end
vim.lsp.util.apply_workspace_edit(chosen.edit, "utf-16")
say("applied: " .. chosen.title)
say("line " .. (d.lnum + 1) .. ": " .. vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1])
if not vim.wait(60000, function() return #errors() == 0 end, 20) then fail("the error is still there") end
say("diagnostics after the fix:")
show(vim.diagnostic.get(buf))
vim.lsp.stop_client(client_id)
vim.cmd("qall!")
