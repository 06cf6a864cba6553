-- wrk script: appends a different query parameter to every request, so the
-- daemon's response cache never hits and every answer is built afresh.
-- Usage: wrk -s vary.lua URL   (the URL path may already have a query)
local n = 0
request = function()
  n = n + 1
  local path = wrk.path
  local sep = string.find(path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, path .. sep .. "nocache=" .. n)
end
