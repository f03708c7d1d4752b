-- wrk script: the six queries of `southdesk outputs bench`, each request a
-- spelling never sent before (random capitals, runs of spaces), so the
-- server's kept answers never serve it: every request is computed, with
-- the same analysed words (see BENCHMARKS.md, "Search over HTTP").
--
--   wrk -t2 -c50 -d5s --latency -s scripts/search-never-seen.lua \
--       "http://127.0.0.1:8480/outputs"
local queries = {"trade fisheries", "debt restructuring", "health pandemic", "climate finance", "propriété intellectuelle", "税收 合作"}
local n = 0
local function vary(q)
  local out = {}
  for c in q:gmatch("[%z\1-\127\194-\244][\128-\191]*") do
    if #c == 1 and c:match("%a") and math.random() < 0.5 then c = c:upper() end
    if c == " " then c = string.rep(" ", math.random(1, 30)) end
    table.insert(out, c)
  end
  return string.rep(" ", math.random(0, 30)) .. table.concat(out)
end
local function enc(s)
  return (s:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
request = function()
  n = n + 1
  local q = vary(queries[(n % #queries) + 1])
  return wrk.format("GET", wrk.path .. "?q=" .. enc(q))
end
